import type { Checkpoint } from '@langchain/langgraph-checkpoint'
import { type FormattedItem, GetItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { ChorusError } from '../errors/index.ts'
import { checkpointKeys } from '../store/keys.ts'
import { isExpired, type SaverContext } from './context.ts'
import type { CheckpointEntities } from './entities.ts'
import { paginate } from './pages.ts'

/** A checkpoint's body: the checkpoint without its id (the sort key) and its values (own items). */
export type StoredCheckpoint = Omit<Checkpoint, 'id' | 'channel_values'>

/** A checkpoint item as read from the table. */
export type CheckpointItem = FormattedItem<CheckpointEntities['checkpoint']>

/** Where a checkpoint item sits: its thread, namespace and id (read back from its keys). */
export const placeOf = (item: CheckpointItem) => {
  const place = checkpointKeys.parseCheckpoint(item.SK)
  if (!place) throw new ChorusError('internal', `not a checkpoint key: ${item.SK}`)
  return { threadId: item.threadId, ...place }
}

/** Ancestors read per page of the walk. */
const PAGE = 50

/** The live ancestors of a checkpoint, parent first, read newest first by one paginated Query. */
export async function* ancestorsOf(
  ctx: SaverContext,
  target: CheckpointItem,
  ns: string,
): AsyncGenerator<CheckpointItem> {
  const targetId = placeOf(target).checkpointId
  const pages = paginate((exclusiveStartKey) =>
    ctx.table
      .build(QueryCommand)
      .query({
        partition: target.PK,
        range: { between: [checkpointKeys.checkpointsOf(ns), checkpointKeys.checkpoint(ns, targetId)] },
      })
      .entities(ctx.entities.checkpoint)
      .options({
        consistent: true,
        reverse: true,
        limit: PAGE,
        ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
      })
      .send(),
  )
  const seen = new Map<string, CheckpointItem>()
  let exhausted = false
  let cursor = target.parentId
  while (cursor !== undefined) {
    while (!seen.has(cursor) && !exhausted) {
      const next = await pages.next()
      if (next.done) exhausted = true
      else seen.set(placeOf(next.value).checkpointId, next.value)
    }
    // Ids are time-ordered, so parents come later in the Query; read any other parent directly.
    const item = seen.get(cursor) ?? (await readCheckpointItem(ctx, target.PK, ns, cursor))
    if (!item || isExpired(ctx, item)) return
    yield item
    seen.delete(cursor)
    cursor = item.parentId
  }
}

const readCheckpointItem = async (ctx: SaverContext, pk: string, ns: string, checkpointId: string) =>
  (
    await ctx.entities.checkpoint
      .build(GetItemCommand)
      .key({ PK: pk, SK: checkpointKeys.checkpoint(ns, checkpointId) })
      .options({ consistent: true })
      .send()
  ).Item
