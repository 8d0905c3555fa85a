import {
  type ChannelVersions,
  type CheckpointPendingWrite,
  compareWritesSortKeys,
  writesSortKey,
} from '@langchain/langgraph-checkpoint'
import { BatchGetCommand, BatchGetRequest, executeBatchGet, QueryCommand } from 'dynamodb-toolbox'
import { ChorusError } from '../errors/index.ts'
import { checkpointKeys } from '../store/keys.ts'
import { deserialize, isExpired, type SaverContext } from './context.ts'
import type { StoredPayload } from './entities.ts'
import { collect, paginate } from './pages.ts'

const BATCH_GET_LIMIT = 100
const BATCH_GET_ATTEMPTS = 8

/**
 * The live values items under the given sort keys (channel → payload, still serialized): a key with
 * no item, or only an expired one, is absent from the map.
 */
export const readValueItems = async (
  ctx: SaverContext,
  pk: string,
  sortKeys: readonly string[],
): Promise<Map<string, Record<string, StoredPayload>>> => {
  const found = new Map<string, Record<string, StoredPayload>>()
  const unique = [...new Set(sortKeys)]
  for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
    const chunk = unique.slice(start, start + BATCH_GET_LIMIT)
    const command = ctx.table
      .build(BatchGetCommand)
      .requests(...chunk.map((SK) => ctx.entities.values.build(BatchGetRequest).key({ PK: pk, SK })))
      .options({ consistent: true })
    const { Responses, UnprocessedKeys } = await executeBatchGet({ maxAttempts: BATCH_GET_ATTEMPTS }, command)
    if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0)
      throw new ChorusError('internal', 'DynamoDB left channel values unread; try again', { retryable: true })
    for (const item of Responses?.[0] ?? [])
      if (item && !isExpired(ctx, item)) found.set(item.SK, item.values)
  }
  return found
}

/**
 * The stored values of the given channel versions, by channel. A channel whose version has no live
 * value (an empty channel, a `DeltaChannel` between snapshots, an expired item) is left out.
 */
export const readChannelValues = async (
  ctx: SaverContext,
  pk: string,
  ns: string,
  versions: ChannelVersions,
): Promise<Record<string, unknown>> => {
  const entries = Object.entries(versions)
  const items = await readValueItems(
    ctx,
    pk,
    entries.map(([, version]) => checkpointKeys.valuesAt(ns, version)),
  )
  const values: Record<string, unknown> = {}
  await Promise.all(
    entries.map(async ([channel, version]) => {
      const payload = items.get(checkpointKeys.valuesAt(ns, version))?.[channel]
      if (payload) values[channel] = await deserialize(ctx, await ctx.codec.load(payload))
    }),
  )
  return values
}

/** A stored pending write with its sort key, value still serialized. */
export interface StoredWrite {
  checkpointId: string
  taskId: string
  channel: string
  taskPath: string
  idx: number
  load: () => Promise<unknown>
}

/** The live pending writes stored against one checkpoint, in `(task_path, task_id, idx)` order. */
export const readStoredWrites = (ctx: SaverContext, pk: string, ns: string, checkpointId: string) =>
  queryWrites(ctx, pk, { beginsWith: checkpointKeys.writesOf(ns, checkpointId) })

/**
 * The live pending writes in a sort-key range, optionally only those to some channels, in
 * `(task_path, task_id, idx)` order (writes of different checkpoints are told apart by `checkpointId`).
 */
export const queryWrites = async (
  ctx: SaverContext,
  pk: string,
  range: { beginsWith: string } | { between: [string, string] },
  channels?: readonly string[],
): Promise<StoredWrite[]> => {
  const items = await collect(
    paginate((exclusiveStartKey) =>
      ctx.table
        .build(QueryCommand)
        .query({ partition: pk, range })
        .entities(ctx.entities.writes)
        .options({ consistent: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
        .send(),
    ),
  )
  const wanted = channels ? new Set(channels) : undefined
  return items
    .filter((item) => !isExpired(ctx, item))
    .flatMap((item) => {
      const { checkpointId = '', taskId = '' } = checkpointKeys.parseWrites(item.SK) ?? {}
      return item.writes.map((write) => ({
        checkpointId,
        taskId,
        taskPath: item.taskPath,
        channel: write.channel,
        idx: write.idx,
        load: async () => deserialize(ctx, await ctx.codec.load(write.value)),
      }))
    })
    .filter((write) => !wanted || wanted.has(write.channel))
    .sort((a, b) =>
      compareWritesSortKeys(
        writesSortKey(a.taskPath, a.taskId, a.idx),
        writesSortKey(b.taskPath, b.taskId, b.idx),
      ),
    )
}

/** Deserialized pending writes as `getTuple` returns them. */
export const loadPendingWrites = (writes: StoredWrite[]): Promise<CheckpointPendingWrite[]> =>
  Promise.all(writes.map(async (write) => [write.taskId, write.channel, await write.load()]))
