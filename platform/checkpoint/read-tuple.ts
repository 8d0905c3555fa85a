import type { RunnableConfig } from '@langchain/core/runnables'
import {
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  maxChannelVersion,
  TASKS,
} from '@langchain/langgraph-checkpoint'
import { GetItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { checkpointKeys } from '../store/keys.ts'
import { loadBody } from './body-delta.ts'
import { addressOf, deserialize, isExpired, type SaverContext } from './context.ts'
import { type CheckpointItem, placeOf } from './items.ts'
import { loadPendingWrites, readChannelValues, readStoredWrites } from './read-values.ts'
import { nextChannelVersion } from './versions.ts'

export { type CheckpointItem, placeOf, type StoredCheckpoint } from './items.ts'

const configOf = (threadId: string, ns: string, checkpointId: string): RunnableConfig => ({
  configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId },
})

/** Decodes a checkpoint item's metadata. */
export const readMetadata = async (ctx: SaverContext, item: CheckpointItem) =>
  (await deserialize(ctx, await ctx.codec.load(item.metadata))) as CheckpointMetadata

/** Builds the full tuple of a checkpoint item: checkpoint with its channel values, metadata, writes. */
export const readTuple = async (
  ctx: SaverContext,
  item: CheckpointItem,
  metadata?: CheckpointMetadata,
): Promise<CheckpointTuple> => {
  const { threadId, ns, checkpointId } = placeOf(item)
  const writes = readStoredWrites(ctx, item.PK, ns, checkpointId)
  const [body, meta] = await Promise.all([loadBody(ctx, item), metadata ?? readMetadata(ctx, item)])
  const [channelValues, pendingWrites] = await Promise.all([
    readChannelValues(ctx, item.PK, ns, body.channel_versions),
    writes.then(loadPendingWrites),
  ])
  const checkpoint: Checkpoint = { ...body, id: checkpointId, channel_values: channelValues }
  if (checkpoint.v < 4 && item.parentId !== undefined)
    await migratePendingSends(ctx, item.PK, ns, item.parentId, checkpoint)
  return {
    config: configOf(threadId, ns, checkpointId),
    checkpoint,
    metadata: meta,
    pendingWrites,
    ...(item.parentId === undefined ? {} : { parentConfig: configOf(threadId, ns, item.parentId) }),
  }
}

/** Checkpoints before format v4 kept pending sends as writes to their parent: move them into `TASKS`. */
const migratePendingSends = async (
  ctx: SaverContext,
  pk: string,
  ns: string,
  parentId: string,
  checkpoint: Checkpoint,
) => {
  const sends = (await readStoredWrites(ctx, pk, ns, parentId)).filter(({ channel }) => channel === TASKS)
  checkpoint.channel_values[TASKS] = await Promise.all(sends.map((write) => write.load()))
  const versions = Object.values(checkpoint.channel_versions)
  checkpoint.channel_versions[TASKS] =
    versions.length > 0 ? maxChannelVersion(...versions) : nextChannelVersion(undefined)
}

/** The live checkpoint item a config addresses: by id, or the latest of the namespace. */
export const findCheckpointItem = async (
  ctx: SaverContext,
  config: RunnableConfig,
): Promise<CheckpointItem | undefined> => {
  const address = addressOf(config)
  if (!address) return undefined
  const { pk } = ctx.locate(address.threadId)
  if (address.checkpointId) {
    const { Item } = await ctx.entities.checkpoint
      .build(GetItemCommand)
      .key({ PK: pk, SK: checkpointKeys.checkpoint(address.ns, address.checkpointId) })
      .options({ consistent: true })
      .send()
    return Item && !isExpired(ctx, Item) ? Item : undefined
  }
  // "Latest" is the largest checkpoint id; when it has expired, so has the thread.
  const { Items } = await ctx.table
    .build(QueryCommand)
    .query({ partition: pk, range: { beginsWith: checkpointKeys.checkpointsOf(address.ns) } })
    .entities(ctx.entities.checkpoint)
    .options({ consistent: true, reverse: true, limit: 1 })
    .send()
  const latest = Items?.[0]
  return latest && !isExpired(ctx, latest) ? latest : undefined
}

/** `getTuple`: the addressed checkpoint (or the latest) as a full tuple, or undefined. */
export const getTuple = async (ctx: SaverContext, config: RunnableConfig) => {
  const item = await findCheckpointItem(ctx, config)
  return item ? readTuple(ctx, item) : undefined
}
