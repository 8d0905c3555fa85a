import type { ChannelVersions, Checkpoint } from '@langchain/langgraph-checkpoint'
import { type Condition, GetItemCommand, PutItemCommand } from 'dynamodb-toolbox'
import { checkpointKeys } from '../store/keys.ts'
import { isConditionalFailure } from '../store/table.ts'
import { checkpointConflict } from './conflict.ts'
import { isExpired, type SaverContext, serialize } from './context.ts'
import type { StoredPayload } from './entities.ts'
import { contentHash, inlineSize, type Serialized } from './payload.ts'

interface ValuesWrite {
  pk: string
  ns: string
  blobPrefix: string
  version: string | number
  values: Map<string, Serialized>
  nowSeconds: number
  expiresAt: number
}

/**
 * Stores the values of the channels in `newVersions` that have one: one item per distinct version
 * (LangGraph gives every channel written in a step the same version, so usually one item per step).
 */
export const putChannelValues = async (
  ctx: SaverContext,
  place: { pk: string; ns: string; blobPrefix: string },
  checkpoint: Checkpoint,
  newVersions: ChannelVersions,
  times: { nowSeconds: number; expiresAt: number },
): Promise<void> => {
  const byVersion = await valuesByVersion(ctx, checkpoint, newVersions)
  await Promise.all(
    [...byVersion].map(([version, values]) => putValuesAt(ctx, { ...place, ...times, version, values })),
  )
}

/** The serialized values of the channels in `newVersions`, grouped by version. */
export const valuesByVersion = async (
  ctx: SaverContext,
  checkpoint: Checkpoint,
  newVersions: ChannelVersions,
): Promise<Map<string | number, Map<string, Serialized>>> => {
  const byVersion = new Map<string | number, Map<string, Serialized>>()
  for (const [channel, version] of Object.entries(newVersions)) {
    const value = checkpoint.channel_values[channel]
    if (!Object.hasOwn(checkpoint.channel_values, channel) || value === undefined) continue
    const group = byVersion.get(version) ?? new Map<string, Serialized>()
    group.set(channel, await serialize(ctx, value))
    byVersion.set(version, group)
  }
  return byVersion
}

/** Channels in key order, so the same values always hash the same. */
const sorted = (values: Map<string, Serialized>) =>
  [...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

/** Smallest first, so that once the item would outgrow the inline limit the big rest goes to the blob store. */
export const storeAll = async (
  ctx: SaverContext,
  blobPrefix: string,
  values: Map<string, Serialized>,
): Promise<Record<string, StoredPayload>> => {
  let room = ctx.codec.inlineLimitBytes
  const stored: Record<string, StoredPayload> = {}
  for (const [channel, value] of [...values].sort(
    ([, a], [, b]) => a.bytes.byteLength - b.bytes.byteLength,
  )) {
    stored[channel] = await ctx.codec.store(blobPrefix, value, { inlineLimitBytes: Math.max(0, room) })
    room -= inlineSize(stored[channel] ?? { type: '' })
  }
  return stored
}

const same = (a: Serialized, b: Serialized) =>
  a.type === b.type && Buffer.from(a.bytes).equals(Buffer.from(b.bytes))

type ValuesCondition = Condition<SaverContext['entities']['values']>

/**
 * The values item is written once. The same bytes again (a retried put) pass; other bytes under
 * the same version mean another writer: `checkpoint.conflict`. A caller that reuses plain integer
 * versions (as LangGraph's own test suite does) may add channels to an existing version's item,
 * provided every channel both hold has the same value (optimistic merge on the item's hash).
 */
const putValuesAt = async (ctx: SaverContext, write: ValuesWrite): Promise<void> => {
  const key = { PK: write.pk, SK: checkpointKeys.valuesAt(write.ns, write.version) }
  const expired: ValuesCondition = { attr: 'expiresAt', lte: write.nowSeconds }
  let values = write.values
  let condition: ValuesCondition = {
    or: [{ attr: 'SK', exists: false }, { attr: 'hash', eq: hashOf(values) }, expired],
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      await ctx.entities.values
        .build(PutItemCommand)
        .item({
          ...key,
          values: await storeAll(ctx, write.blobPrefix, values),
          hash: hashOf(values),
          expiresAt: write.expiresAt,
        })
        .options({ condition })
        .send()
      return
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
    }
    const { Item: existing } = await ctx.entities.values
      .build(GetItemCommand)
      .key(key)
      .options({ consistent: true })
      .send()
    if (!existing || isExpired(ctx, existing)) {
      values = write.values
      condition = { or: [{ attr: 'SK', exists: false }, expired] }
      continue
    }
    const merged = new Map(write.values)
    for (const [channel, payload] of Object.entries(existing.values)) {
      const theirs = await ctx.codec.load(payload)
      const ours = write.values.get(channel)
      if (ours && !same(ours, theirs))
        throw checkpointConflict('another writer stored different values for this channel version', {
          namespace: write.ns,
          channel,
          version: write.version,
        })
      merged.set(channel, theirs)
    }
    if (merged.size === Object.keys(existing.values).length) return // it holds our values already
    values = merged
    condition = { attr: 'hash', eq: existing.hash }
  }
  throw checkpointConflict('channel values kept changing under this writer', {
    namespace: write.ns,
    version: write.version,
  })
}

export const hashOf = (values: Map<string, Serialized>) =>
  contentHash(sorted(values).map(([channel, value]) => ({ ...value, type: `${channel}:${value.type}` })))
