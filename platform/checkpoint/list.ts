import { isDeepStrictEqual } from 'node:util'
import type { RunnableConfig } from '@langchain/core/runnables'
import type { CheckpointListOptions, CheckpointTuple } from '@langchain/langgraph-checkpoint'
import { QueryCommand, ScanCommand } from 'dynamodb-toolbox'
import { checkpointKeys } from '../store/keys.ts'
import { addressOf, isExpired, type SaverContext } from './context.ts'
import { paginate } from './pages.ts'
import { type CheckpointItem, placeOf, readMetadata, readTuple } from './read-tuple.ts'

const PAGE_SIZE = 25

/**
 * Checkpoint items newest first: one thread's by a Query on its partition (one namespace, or all
 * when `checkpoint_ns` is absent), or, without a thread, every thread's by a Scan (admin and tests).
 */
const checkpointItems = (
  ctx: SaverContext,
  threadId: string | undefined,
  ns: string | undefined,
  beforeId: string | undefined,
): AsyncGenerator<CheckpointItem> => {
  if (threadId === undefined)
    return paginate((exclusiveStartKey) =>
      ctx.table
        .build(ScanCommand)
        .entities(ctx.entities.checkpoint)
        .options({ consistent: true, ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
        .send(),
    )
  const { pk } = ctx.locate(threadId)
  const range =
    ns === undefined
      ? { beginsWith: 'CP#' }
      : beforeId === undefined
        ? { beginsWith: checkpointKeys.checkpointsOf(ns) }
        : {
            between: [checkpointKeys.checkpointsOf(ns), checkpointKeys.checkpoint(ns, beforeId)] as [
              string,
              string,
            ],
          }
  return paginate((exclusiveStartKey) =>
    ctx.table
      .build(QueryCommand)
      .query({ partition: pk, range })
      .entities(ctx.entities.checkpoint)
      .options({
        consistent: true,
        reverse: true,
        limit: PAGE_SIZE,
        ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
      })
      .send(),
  )
}

/**
 * `list`: live checkpoints matching the config (thread, namespace, id) and the options (`before` a
 * checkpoint id, metadata `filter` by deep equality of each given key, `limit`), newest first.
 */
export async function* listTuples(
  ctx: SaverContext,
  config: RunnableConfig,
  options: CheckpointListOptions = {},
): AsyncGenerator<CheckpointTuple> {
  const { limit, filter } = options
  if (limit !== undefined && limit <= 0) return
  const address = addressOf(config)
  const ns: unknown = config.configurable?.checkpoint_ns
  const before: unknown = options.before?.configurable?.checkpoint_id
  const beforeId = typeof before === 'string' && before !== '' ? before : undefined
  const namespace = typeof ns === 'string' ? ns : undefined
  let yielded = 0
  for await (const item of checkpointItems(ctx, address?.threadId, namespace, beforeId)) {
    if (isExpired(ctx, item)) continue
    const place = placeOf(item)
    const { checkpointId } = place
    if (namespace !== undefined && place.ns !== namespace) continue
    if (address?.checkpointId !== undefined && checkpointId !== address.checkpointId) continue
    if (beforeId !== undefined && checkpointId >= beforeId) continue
    const metadata = await readMetadata(ctx, item)
    const record = metadata as Record<string, unknown>
    if (filter && !Object.entries(filter).every(([key, value]) => isDeepStrictEqual(record[key], value)))
      continue
    yield await readTuple(ctx, item, metadata)
    yielded += 1
    if (limit !== undefined && yielded >= limit) return
  }
}
