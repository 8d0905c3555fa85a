import type { RunnableConfig } from '@langchain/core/runnables'
import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type PendingWrite,
  WRITES_IDX_MAP,
} from '@langchain/langgraph-checkpoint'
import { PutItemCommand } from 'dynamodb-toolbox'
import { ChorusError } from '../errors/index.ts'
import { checkpointKeys } from '../store/keys.ts'
import { isConditionalFailure } from '../store/table.ts'
import { checkpointConflict } from './conflict.ts'
import { requireAddress, type SaverContext, serialize } from './context.ts'
import type { StoredPayload } from './entities.ts'
import { claimHead } from './head.ts'
import { contentHash, type Serialized } from './payload.ts'
import { refreshCarriedValues, retentionOf } from './retention.ts'

/**
 * `put`: stores the values of the channels in `newVersions` (one item per channel version, never
 * rewritten with other bytes), moves the namespace head from the parent to this checkpoint (single
 * writer, see `claimHead`), then writes the checkpoint item. In this order a reader never sees a
 * checkpoint whose values are missing, and the loser of a head race never leaves a visible fork.
 */
export const putCheckpoint = async (
  ctx: SaverContext,
  config: RunnableConfig,
  checkpoint: Checkpoint,
  metadata: CheckpointMetadata,
  newVersions: ChannelVersions,
): Promise<RunnableConfig> => {
  const { threadId, ns, checkpointId: parentId } = requireAddress(config, 'put')
  if (typeof checkpoint.id !== 'string' || checkpoint.id === '')
    throw new ChorusError('checkpoint.invalidConfig', 'a checkpoint needs a string id')
  const { pk, blobPrefix } = ctx.locate(threadId)
  const retention = retentionOf(ctx)

  const changed = Object.entries(newVersions).filter(
    ([channel]) =>
      Object.hasOwn(checkpoint.channel_values, channel) && checkpoint.channel_values[channel] !== undefined,
  )
  await Promise.all(
    changed.map(async ([channel, version]) => {
      const value = await serialize(ctx, checkpoint.channel_values[channel])
      const hash = contentHash(value)
      try {
        await ctx.entities.value
          .build(PutItemCommand)
          .item({
            PK: pk,
            SK: checkpointKeys.channelValue(ns, channel, version),
            value: await ctx.codec.store(blobPrefix, value, { hash }),
            hash,
            expiresAt: retention.valueExpiresAt,
          })
          .options({
            // Written once: the same bytes again are fine (a retry), other bytes are another writer's.
            condition: {
              or: [
                { attr: 'SK', exists: false },
                { attr: 'hash', eq: hash },
                { attr: 'expiresAt', lte: retention.nowSeconds },
              ],
            },
          })
          .send()
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
        throw checkpointConflict('another writer stored a different value for this channel version', {
          namespace: ns,
          channel,
          version,
        })
      }
    }),
  )

  if (ctx.singleWriter) {
    const { expiresAt } = retention
    const previousClaimedAt = await claimHead(ctx, {
      pk,
      ns,
      checkpointId: checkpoint.id,
      parentId,
      expiresAt,
    })
    if (retention.crossedRefresh(previousClaimedAt))
      await refreshCarriedValues(ctx, pk, ns, checkpoint, newVersions, retention.valueExpiresAt)
  }

  const { channel_values: _values, ...body } = checkpoint
  const [storedBody, storedMetadata] = await storeCheckpointPayloads(
    ctx,
    blobPrefix,
    await serialize(ctx, body),
    await serialize(ctx, metadata),
  )
  await ctx.entities.checkpoint
    .build(PutItemCommand)
    .item({
      PK: pk,
      SK: checkpointKeys.checkpoint(ns, checkpoint.id),
      threadId,
      ...(parentId === undefined ? {} : { parentId }),
      checkpoint: storedBody,
      metadata: storedMetadata,
      expiresAt: retention.expiresAt,
    })
    .send()
  return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } }
}

/** Body and metadata share one item: the body gets the room the metadata leaves, else is offloaded. */
const storeCheckpointPayloads = async (
  ctx: SaverContext,
  prefix: string,
  body: Serialized,
  metadata: Serialized,
): Promise<[StoredPayload, StoredPayload]> => {
  const storedMetadata = await ctx.codec.store(prefix, metadata)
  const room = ctx.codec.inlineLimitBytes - (storedMetadata.bytes?.byteLength ?? 0)
  return [await ctx.codec.store(prefix, body, { inlineLimitBytes: room }), storedMetadata]
}

/**
 * `putWrites`: one item per write of a task against a checkpoint. Regular writes are inserted only
 * if absent (a task's first result stands); special writes (`__error__`, `__interrupt__`,
 * `__resume__`, `__scheduled__`, negative idx) replace what was there.
 */
export const putWrites = async (
  ctx: SaverContext,
  config: RunnableConfig,
  writes: PendingWrite[],
  taskId: string,
  taskPath = '',
): Promise<void> => {
  const { threadId, ns, checkpointId } = requireAddress(config, 'putWrites')
  if (checkpointId === undefined)
    throw new ChorusError('checkpoint.invalidConfig', 'putWrites needs configurable.checkpoint_id')
  const { pk, blobPrefix } = ctx.locate(threadId)
  const { expiresAt } = retentionOf(ctx)
  await Promise.all(
    writes.map(async ([channel, value], index) => {
      const idx = WRITES_IDX_MAP[channel] ?? index
      const command = ctx.entities.write.build(PutItemCommand).item({
        PK: pk,
        SK: checkpointKeys.write(ns, checkpointId, taskId, idx),
        taskId,
        idx,
        channel,
        taskPath,
        value: await ctx.codec.store(blobPrefix, await serialize(ctx, value)),
        expiresAt,
      })
      if (idx < 0) return void (await command.send())
      try {
        await command.options({ condition: { attr: 'SK', exists: false } }).send()
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
    }),
  )
}
