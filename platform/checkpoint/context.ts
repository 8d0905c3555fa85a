import type { RunnableConfig } from '@langchain/core/runnables'
import type { SerializerProtocol } from '@langchain/langgraph-checkpoint'
import type { BlobStore } from '../blobs/index.ts'
import { ChorusError } from '../errors/index.ts'
import type { ChorusTable } from '../store/table.ts'
import type { BodyMemo } from './body-memo.ts'
import type { CheckpointEntities } from './entities.ts'
import type { PayloadCodec, Serialized } from './payload.ts'
import type { LocateThread } from './thread.ts'

/** Everything the saver's read and write paths share. */
export interface SaverContext {
  table: ChorusTable
  entities: CheckpointEntities
  codec: PayloadCodec
  blobs: BlobStore
  serde: SerializerProtocol
  locate: LocateThread
  now: () => Date
  ttlSeconds: number
  singleWriter: boolean
  writerId: string
  claimTimeoutMs: number
  /** Bodies written or read last, whole: what the next `put` stores its body as a delta of. */
  bodies: BodyMemo
}

export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000)

/** True when an item's TTL has passed (DynamoDB deletes such items lazily; dynalite never does). */
export const isExpired = (ctx: SaverContext, item: { expiresAt: number }) =>
  item.expiresAt <= epochSeconds(ctx.now())

export const serialize = async (ctx: SaverContext, value: unknown): Promise<Serialized> => {
  const [type, data] = await ctx.serde.dumpsTyped(value)
  return { type, bytes: typeof data === 'string' ? new TextEncoder().encode(data) : data }
}

export const deserialize = (ctx: SaverContext, { type, bytes }: Serialized): Promise<unknown> =>
  ctx.serde.loadsTyped(type, bytes)

/** The thread, namespace and checkpoint a config addresses. */
export interface Address {
  threadId: string
  ns: string
  checkpointId: string | undefined
}

const invalid = (message: string) => new ChorusError('checkpoint.invalidConfig', message)

/** Reads the address of a config; undefined when it names no thread. */
export const addressOf = (config: RunnableConfig): Address | undefined => {
  const configurable = config.configurable ?? {}
  const threadId: unknown = configurable.thread_id
  if (threadId === undefined || threadId === null || threadId === '') return undefined
  if (typeof threadId !== 'string') throw invalid('configurable.thread_id must be a string')
  const ns: unknown = configurable.checkpoint_ns ?? ''
  if (typeof ns !== 'string') throw invalid('configurable.checkpoint_ns must be a string')
  const checkpointId: unknown = configurable.checkpoint_id || undefined
  if (checkpointId !== undefined && typeof checkpointId !== 'string')
    throw invalid('configurable.checkpoint_id must be a string')
  return { threadId, ns, checkpointId }
}

/** Like {@link addressOf}, but a thread is required. */
export const requireAddress = (config: RunnableConfig, action: string): Address => {
  const address = addressOf(config)
  if (!address) throw invalid(`${action} needs configurable.thread_id`)
  return address
}
