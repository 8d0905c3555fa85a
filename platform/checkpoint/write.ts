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
import { bodyOf, encodeBody } from './body-delta.ts'
import { requireAddress, type SaverContext, serialize } from './context.ts'
import type { StoredPayload } from './entities.ts'
import { claimHead } from './head.ts'
import { inlineSize, type Serialized } from './payload.ts'
import { refreshCarriedValues, retentionOf } from './retention.ts'
import { putChannelValues } from './write-values.ts'

/**
 * `put`: stores the values of the channels in `newVersions` (one write-once item per version, usually
 * one per step, see `putChannelValues`), moves the namespace head from the parent to this checkpoint
 * (single writer, see `claimHead`), then writes the checkpoint item. In this order a reader never sees a
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

  await putChannelValues(ctx, { pk, ns, blobPrefix }, checkpoint, newVersions, retention)

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

  // Values live in their own items; the id is the sort key; the body is a delta where it can be.
  const { stored, expiresAt } = encodeBody(
    ctx,
    { pk, ns, checkpointId: checkpoint.id, parentId },
    bodyOf(checkpoint),
    retention,
  )
  const [storedBody, storedMetadata] = await storeCheckpointPayloads(
    ctx,
    blobPrefix,
    await serialize(ctx, stored),
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
      expiresAt,
    })
    .send()
  return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } }
}

/** Body and metadata share one item: the body gets the room the metadata leaves, else is offloaded. */
export const storeCheckpointPayloads = async (
  ctx: SaverContext,
  prefix: string,
  body: Serialized,
  metadata: Serialized,
): Promise<[StoredPayload, StoredPayload]> => {
  const storedMetadata = await ctx.codec.store(prefix, metadata)
  const room = ctx.codec.inlineLimitBytes - (storedMetadata.bytes?.byteLength ?? 0)
  return [await ctx.codec.store(prefix, body, { inlineLimitBytes: room }), storedMetadata]
}

/** The items of one `putWrites` call: one per special write, and one of the regular writes (if any). */
export const writeItemsOf = async (
  ctx: SaverContext,
  config: RunnableConfig,
  writes: PendingWrite[],
  taskId: string,
  taskPath = '',
) => {
  const { threadId, ns, checkpointId } = requireAddress(config, 'putWrites')
  if (checkpointId === undefined)
    throw new ChorusError('checkpoint.invalidConfig', 'putWrites needs configurable.checkpoint_id')
  const { pk, blobPrefix } = ctx.locate(threadId)
  const { expiresAt } = retentionOf(ctx)
  const indexed = writes.map(([channel, value], index) => ({
    channel,
    value,
    idx: WRITES_IDX_MAP[channel] ?? index,
  }))
  const item = async (slot: 'R' | number, entries: typeof indexed) => {
    const serialized = await Promise.all(
      entries.map(async (entry) => ({ ...entry, value: await serialize(ctx, entry.value) })),
    )
    let room = ctx.codec.inlineLimitBytes
    const stored = []
    for (const entry of serialized.sort((a, b) => a.value.bytes.byteLength - b.value.bytes.byteLength)) {
      const value = await ctx.codec.store(blobPrefix, entry.value, { inlineLimitBytes: Math.max(0, room) })
      room -= inlineSize(value)
      stored.push({ channel: entry.channel, idx: entry.idx, value })
    }
    return {
      PK: pk,
      SK: checkpointKeys.writes(ns, checkpointId, taskId, slot),
      taskPath,
      writes: stored.sort((a, b) => a.idx - b.idx),
      expiresAt,
    }
  }
  const regular = indexed.filter(({ idx }) => idx >= 0)
  // One item per special channel; within a call the last write to it wins, as in MemorySaver.
  const specials = new Map(indexed.filter(({ idx }) => idx < 0).map((entry) => [entry.idx, entry]))
  return {
    specials: await Promise.all([...specials.values()].map((special) => item(special.idx, [special]))),
    regular: regular.length === 0 ? undefined : await item('R', regular),
  }
}

/**
 * `putWrites`: the regular writes of one call go into one item, inserted only if absent, so the
 * first complete result of a task stands; each special write (`__error__`, `__interrupt__`,
 * `__resume__`, `__scheduled__`, negative idx) goes into an item of its own and replaces what was there.
 */
export const putWrites = async (
  ctx: SaverContext,
  config: RunnableConfig,
  writes: PendingWrite[],
  taskId: string,
  taskPath = '',
): Promise<void> => {
  const { specials, regular } = await writeItemsOf(ctx, config, writes, taskId, taskPath)
  await Promise.all([
    ...specials.map((item) => ctx.entities.writes.build(PutItemCommand).item(item).send()),
    regular === undefined
      ? undefined
      : (async () => {
          try {
            await ctx.entities.writes
              .build(PutItemCommand)
              .item(regular)
              .options({ condition: { attr: 'SK', exists: false } })
              .send()
          } catch (error) {
            if (!isConditionalFailure(error)) throw error
          }
        })(),
  ])
}
