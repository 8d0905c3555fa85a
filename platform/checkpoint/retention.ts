import type { ChannelVersions, Checkpoint } from '@langchain/langgraph-checkpoint'
import { UpdateItemCommand } from 'dynamodb-toolbox'
import { checkpointKeys } from '../store/keys.ts'
import { isConditionalFailure } from '../store/table.ts'
import { epochSeconds, type SaverContext } from './context.ts'

/**
 * Retention. Head and write items expire `ttlSeconds` after their write; checkpoint items expire with
 * the first checkpoint of their delta chain (`body-delta.ts`), at most one refresh period earlier. A channel value
 * is written once but read by every later checkpoint that carries its version over, so it lives one
 * refresh period (a quarter of the TTL) longer, and the first `put` of each new period pushes the
 * expiry of the values it carries over. A live checkpoint therefore never points at an expired value.
 */
export const retentionOf = (ctx: SaverContext) => {
  const now = ctx.now()
  const nowSeconds = epochSeconds(now)
  const refreshSeconds = Math.ceil(ctx.ttlSeconds / 4)
  return {
    now,
    nowSeconds,
    expiresAt: nowSeconds + ctx.ttlSeconds,
    valueExpiresAt: nowSeconds + ctx.ttlSeconds + refreshSeconds,
    /** True when the previous head was claimed in an earlier refresh period than now. */
    crossedRefresh: (previousClaimedAtMs: number | undefined) =>
      previousClaimedAtMs !== undefined &&
      Math.floor(previousClaimedAtMs / 1000 / refreshSeconds) < Math.floor(nowSeconds / refreshSeconds),
  }
}

/** Pushes the expiry of the values a checkpoint carries over from its ancestors (one small update per version). */
export const refreshCarriedValues = async (
  ctx: SaverContext,
  pk: string,
  ns: string,
  checkpoint: Checkpoint,
  newVersions: ChannelVersions,
  valueExpiresAt: number,
): Promise<void> => {
  const carried = new Set(
    Object.entries(checkpoint.channel_versions)
      .filter(([channel]) => !Object.hasOwn(newVersions, channel))
      .map(([, version]) => version),
  )
  await Promise.all(
    [...carried].map(async (version) => {
      try {
        await ctx.entities.values
          .build(UpdateItemCommand)
          .item({ PK: pk, SK: checkpointKeys.valuesAt(ns, version), expiresAt: valueExpiresAt })
          .options({ condition: { attr: 'SK', exists: true } })
          .send()
      } catch (error) {
        // No value item for this version (an empty channel, a DeltaChannel between snapshots).
        if (!isConditionalFailure(error)) throw error
      }
    }),
  )
}
