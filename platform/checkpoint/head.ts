import { type Condition, GetItemCommand, PutItemCommand } from 'dynamodb-toolbox'
import { checkpointKeys } from '../store/keys.ts'
import { isConditionalFailure } from '../store/table.ts'
import { checkpointConflict } from './conflict.ts'
import { epochSeconds, type SaverContext } from './context.ts'

/** A writer's claim to make `checkpointId` the head of a thread's namespace. */
export interface HeadClaim {
  pk: string
  ns: string
  checkpointId: string
  /** The checkpoint the writer built on; undefined when it believed the namespace empty. */
  parentId: string | undefined
  expiresAt: number
}

/**
 * Moves the head of a namespace to a new checkpoint with one conditional write. It succeeds when
 * - the head is the writer's parent (the normal step), or already this checkpoint (a retried put), or
 * - the writer has no parent and the namespace has no live head, or the head is its own older
 *   checkpoint (the same writer starting over), or
 * - the head's claimant died between claiming and writing its checkpoint (see {@link takeOverDeadClaim}).
 * Anything else means another writer got there first: `checkpoint.conflict`, retryable.
 * Returns when the previous head was claimed (epoch ms), if there was one.
 */
export const claimHead = async (ctx: SaverContext, claim: HeadClaim): Promise<number | undefined> => {
  const now = ctx.now()
  const condition = headCondition(ctx, claim, now)
  try {
    return (await writeHead(ctx, claim, now, condition)).Attributes?.claimedAt
  } catch (error) {
    if (!isConditionalFailure(error)) throw error
    const deadClaimedAt = await takeOverDeadClaim(ctx, claim, now)
    if (deadClaimedAt !== undefined) return deadClaimedAt
    throw checkpointConflict('the parent checkpoint is no longer the head of the thread', {
      namespace: claim.ns,
      parentId: claim.parentId ?? null,
      checkpointId: claim.checkpointId,
    })
  }
}

type HeadCondition = Condition<SaverContext['entities']['head']>

/** When a claim may move the head (see {@link claimHead}), as one condition on the head item. */
export const headCondition = (ctx: SaverContext, claim: HeadClaim, now: Date): HeadCondition => {
  const alive: HeadCondition[] = [
    { attr: 'checkpointId', eq: claim.checkpointId },
    { attr: 'expiresAt', lte: epochSeconds(now) },
  ]
  return claim.parentId === undefined
    ? {
        or: [
          { attr: 'SK', exists: false },
          ...alive,
          {
            and: [
              { attr: 'writerId', eq: ctx.writerId },
              { attr: 'checkpointId', lt: claim.checkpointId },
            ],
          },
        ],
      }
    : { or: [{ attr: 'checkpointId', eq: claim.parentId }, ...alive] }
}

/** The head item a claim writes. */
export const headItem = (ctx: SaverContext, claim: HeadClaim, now: Date) => ({
  PK: claim.pk,
  SK: checkpointKeys.head(claim.ns),
  checkpointId: claim.checkpointId,
  ...(claim.parentId === undefined ? {} : { parentId: claim.parentId }),
  writerId: ctx.writerId,
  claimedAt: now.getTime(),
  expiresAt: claim.expiresAt,
})

const writeHead = (ctx: SaverContext, claim: HeadClaim, now: Date, condition: HeadCondition) =>
  ctx.entities.head
    .build(PutItemCommand)
    .item(headItem(ctx, claim, now))
    .options({ condition, returnValues: 'ALL_OLD' })
    .send()

/**
 * A claim is dead when its writer moved the head from the same parent more than `claimTimeoutMs`
 * ago and never wrote the checkpoint it claimed (it crashed in between). The head then moves on,
 * conditional on still holding that dead claim; otherwise the thread would stay stuck.
 */
const takeOverDeadClaim = async (
  ctx: SaverContext,
  claim: HeadClaim,
  now: Date,
): Promise<number | undefined> => {
  const key = { PK: claim.pk, SK: checkpointKeys.head(claim.ns) }
  const { Item: head } = await ctx.entities.head
    .build(GetItemCommand)
    .key(key)
    .options({ consistent: true })
    .send()
  if (!head || head.parentId !== claim.parentId) return undefined
  if (head.claimedAt > now.getTime() - ctx.claimTimeoutMs) return undefined
  const { Item: claimed } = await ctx.entities.checkpoint
    .build(GetItemCommand)
    .key({ PK: claim.pk, SK: checkpointKeys.checkpoint(claim.ns, head.checkpointId) })
    .options({ consistent: true, attributes: ['SK'] })
    .send()
  if (claimed) return undefined
  try {
    await writeHead(ctx, claim, now, { attr: 'checkpointId', eq: head.checkpointId })
    return head.claimedAt
  } catch (error) {
    if (isConditionalFailure(error)) return undefined
    throw error
  }
}
