import { randomBytes } from 'node:crypto'
import type { RunnableConfig } from '@langchain/core/runnables'
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type DeltaChannelHistory,
  type PendingWrite,
  type SerializerProtocol,
} from '@langchain/langgraph-checkpoint'
import type { BlobStore } from '../blobs/index.ts'
import type { TransactItem } from '../store/event-log.ts'
import type { ChorusTable } from '../store/table.ts'
import { BodyMemo } from './body-memo.ts'
import type { SaverContext } from './context.ts'
import { deleteThread } from './delete-thread.ts'
import { readDeltaChannelHistory } from './delta-history.ts'
import { makeCheckpointEntities } from './entities.ts'
import { listTuples } from './list.ts'
import { makePayloadCodec } from './payload.ts'
import { getTuple } from './read-tuple.ts'
import { CheckpointSerde } from './serde.ts'
import { type LocateThread, locateThread } from './thread.ts'
import { type SaverOp, transactItemsOf } from './transact.ts'
import { nextChannelVersion } from './versions.ts'
import { putCheckpoint, putWrites } from './write.ts'

const DAY_SECONDS = 24 * 60 * 60

/** What the DynamoDB checkpoint saver needs; everything but `table` and `blobs` has a default. */
export interface DynamoCheckpointSaverDeps {
  /** The single table (`makeTable`); checkpoint items live in their thread's partition. */
  table: ChorusTable
  /** Where values too big for an item go. */
  blobs: BlobStore
  /** Thread id → partition and blob prefix. Default: {@link locateThread} (`<tenant>#<run>` → the run's partition). */
  locate?: LocateThread
  /** Retention of every item after its write, in seconds (the table's `expiresAt` TTL). Default 30 days. */
  ttlSeconds?: number
  /** Serialized payloads above this size go to the blob store. Default 350 000 (items max out at 400 KB). */
  inlineLimitBytes?: number
  /** Refuse a `put` whose parent is not the head of its namespace (`checkpoint.conflict`). Default true. */
  singleWriter?: boolean
  /** Identity of this writer in head claims. Default: a random id per saver instance. */
  writerId?: string
  /** How old an unfinished head claim must be before another writer may take it over. Default 60 s. */
  claimTimeoutMs?: number
  clock?: () => Date
  serde?: SerializerProtocol
}

/**
 * LangGraph checkpoint saver on the Chorus single table (see README.md beside this file): channel
 * values stored once per (channel, version), so bytes per step stay flat; single writer per thread
 * through a conditional head; large values in the blob store; every item expires by TTL.
 */
export class DynamoCheckpointSaver extends BaseCheckpointSaver {
  readonly #ctx: SaverContext

  constructor(deps: DynamoCheckpointSaverDeps) {
    super(deps.serde ?? new CheckpointSerde())
    this.#ctx = {
      table: deps.table,
      entities: makeCheckpointEntities(deps.table),
      codec: makePayloadCodec(deps.blobs, deps.inlineLimitBytes ?? 350_000),
      blobs: deps.blobs,
      serde: this.serde,
      locate: deps.locate ?? locateThread,
      now: deps.clock ?? (() => new Date()),
      ttlSeconds: deps.ttlSeconds ?? 30 * DAY_SECONDS,
      singleWriter: deps.singleWriter ?? true,
      writerId: deps.writerId ?? randomBytes(8).toString('base64url'),
      claimTimeoutMs: deps.claimTimeoutMs ?? 60_000,
      bodies: new BodyMemo(),
    }
  }

  override getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    return getTuple(this.#ctx, config)
  }

  override list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    return listTuples(this.#ctx, config, options)
  }

  override put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    return putCheckpoint(this.#ctx, config, checkpoint, metadata, newVersions)
  }

  override putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string) {
    return putWrites(this.#ctx, config, writes, taskId, taskPath)
  }

  override deleteThread(threadId: string): Promise<void> {
    return deleteThread(this.#ctx, threadId)
  }

  override getDeltaChannelHistory(options: {
    config: RunnableConfig
    channels: string[]
  }): Promise<Record<string, DeltaChannelHistory>> {
    return readDeltaChannelHistory(this.#ctx, options.config, options.channels)
  }

  /**
   * The writes of a delivery's held saver calls as items of one transaction (see `transact.ts`);
   * undefined when they must be written one by one. `parentTs`: when the delivery's first checkpoint was written.
   */
  transactItems(ops: readonly SaverOp[], parentTs: string | undefined): Promise<TransactItem[] | undefined> {
    return transactItemsOf(this.#ctx, ops, parentTs)
  }

  /** Versions unique per writer (see `nextChannelVersion`), so forked writers never share a value key. */
  override getNextVersion(current: number | undefined): number {
    return nextChannelVersion(current)
  }
}

/**
 * Builds the DynamoDB checkpoint saver.
 * @example const checkpointer = makeDynamoCheckpointSaver({ table, blobs: makeFileBlobStore({ root }) })
 */
export const makeDynamoCheckpointSaver = (deps: DynamoCheckpointSaverDeps): DynamoCheckpointSaver =>
  new DynamoCheckpointSaver(deps)
