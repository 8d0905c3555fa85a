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
 * The live value items under the given sort keys, still serialized: a key with no item, or only an
 * expired one, is absent from the map.
 */
export const readValueItems = async (
  ctx: SaverContext,
  pk: string,
  sortKeys: readonly string[],
): Promise<Map<string, StoredPayload>> => {
  const found = new Map<string, StoredPayload>()
  const unique = [...new Set(sortKeys)]
  for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
    const chunk = unique.slice(start, start + BATCH_GET_LIMIT)
    const command = ctx.table
      .build(BatchGetCommand)
      .requests(...chunk.map((SK) => ctx.entities.value.build(BatchGetRequest).key({ PK: pk, SK })))
      .options({ consistent: true })
    const { Responses, UnprocessedKeys } = await executeBatchGet({ maxAttempts: BATCH_GET_ATTEMPTS }, command)
    if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0)
      throw new ChorusError('internal', 'DynamoDB left channel values unread; try again', { retryable: true })
    for (const item of Responses?.[0] ?? []) if (item && !isExpired(ctx, item)) found.set(item.SK, item.value)
  }
  return found
}

/**
 * The stored values of the given channel versions, by channel. A version with no live value item
 * (a channel that was empty, a `DeltaChannel` between snapshots, an expired item) is left out.
 */
export const readChannelValues = async (
  ctx: SaverContext,
  pk: string,
  ns: string,
  versions: ChannelVersions,
): Promise<Record<string, unknown>> => {
  const keyOf = ([channel, version]: [string, string | number]) =>
    checkpointKeys.channelValue(ns, channel, version)
  const items = await readValueItems(ctx, pk, Object.entries(versions).map(keyOf))
  const values: Record<string, unknown> = {}
  await Promise.all(
    Object.entries(versions).map(async (entry) => {
      const payload = items.get(keyOf(entry))
      if (payload) values[entry[0]] = await deserialize(ctx, await ctx.codec.load(payload))
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
  const filters = channels ? { PendingWrite: { attr: 'channel' as const, in: [...channels] } } : undefined
  const items = await collect(
    paginate((exclusiveStartKey) =>
      ctx.table
        .build(QueryCommand)
        .query({ partition: pk, range })
        .entities(ctx.entities.write)
        .options({
          consistent: true,
          ...(filters ? { filters } : {}),
          ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
        })
        .send(),
    ),
  )
  return items
    .filter((item) => !isExpired(ctx, item))
    .map((item) => ({
      checkpointId: checkpointKeys.parseWrite(item.SK)?.checkpointId ?? '',
      taskId: item.taskId,
      channel: item.channel,
      taskPath: item.taskPath,
      idx: item.idx,
      load: async () => deserialize(ctx, await ctx.codec.load(item.value)),
    }))
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
