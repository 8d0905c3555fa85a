import { isDeepStrictEqual } from 'node:util'
import type { Checkpoint } from '@langchain/langgraph-checkpoint'
import { ChorusError } from '../errors/index.ts'
import { checkpointKeys } from '../store/keys.ts'
import { deserialize, type SaverContext } from './context.ts'
import { ancestorsOf, type CheckpointItem, placeOf, type StoredCheckpoint } from './items.ts'

/**
 * Checkpoint bodies as deltas. A body (channel versions, the versions each node has seen, the
 * updated channels) gains an entry for every channel and node a run has touched, so storing it whole
 * makes each step's write grow with the run. Instead a checkpoint whose parent's body this saver knows
 * stores only what changed from it: a {@link BodyDelta}, a few hundred bytes whatever the run's length.
 *
 * A chain of deltas ends at a whole body (a base). Every checkpoint of a chain expires with its base,
 * so a live delta never lacks an ancestor; a new chain starts whenever the parent's body is unknown
 * here or its chain began in an earlier retention period (see `retentionOf`), so a checkpoint lives
 * between three quarters of the TTL and the whole TTL.
 */

/** Which paths of a body are compared entry by entry, and how deep; other keys are compared whole. */
const DEPTH: Record<string, number> = { channel_versions: 1, versions_seen: 2 }
const MARK = '__chorusBodyDelta'

/** What changed from the parent's body: paths set to a value, paths removed. */
export interface BodyDelta {
  [MARK]: 1
  set: [string[], unknown][]
  unset: string[][]
}

const isDelta = (body: unknown): body is BodyDelta =>
  typeof body === 'object' && body !== null && MARK in body

type Tree = Record<string, unknown>
const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const diffInto = (
  delta: BodyDelta,
  path: string[],
  before: Tree,
  after: Tree,
  depth: (key: string) => number,
) => {
  for (const [key, value] of Object.entries(after)) {
    const old = before[key]
    const at = [...path, key]
    const deeper = depth(key)
    if (deeper > 0 && isTree(old) && isTree(value)) diffInto(delta, at, old, value, () => deeper - 1)
    else if (!Object.hasOwn(before, key) || !isDeepStrictEqual(old, value)) delta.set.push([at, value])
  }
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) delta.unset.push([...path, key])
}

/** The delta that turns `before` into `after`. */
export const diffBodies = (before: StoredCheckpoint, after: StoredCheckpoint): BodyDelta => {
  const delta: BodyDelta = { [MARK]: 1, set: [], unset: [] }
  diffInto(delta, [], before as unknown as Tree, after as unknown as Tree, (key) => DEPTH[key] ?? 0)
  return delta
}

/** `before` with `delta` applied, as a new body (`before` is left as it was). */
export const applyDelta = (before: StoredCheckpoint, delta: BodyDelta): StoredCheckpoint => {
  const body = structuredClone(before) as unknown as Tree
  const parentOf = (path: string[]) => {
    let node = body
    for (const key of path.slice(0, -1)) {
      const next = node[key]
      if (!isTree(next)) node[key] = {}
      node = node[key] as Tree
    }
    return node
  }
  for (const path of delta.unset) delete parentOf(path)[path.at(-1) as string]
  for (const [path, value] of delta.set) parentOf(path)[path.at(-1) as string] = structuredClone(value)
  return body as unknown as StoredCheckpoint
}

const memoKey = (pk: string, ns: string, checkpointId: string) =>
  `${pk}\u0000${checkpointKeys.checkpoint(ns, checkpointId)}`

/** A checkpoint's body without its id and values, as `put` receives it. */
export const bodyOf = (checkpoint: Checkpoint): StoredCheckpoint => {
  const { channel_values: _values, id: _id, ...body } = checkpoint
  return body
}

/**
 * What to store as the body of a checkpoint being put, and its expiry: a delta from the parent when
 * the parent's body is remembered and its chain began in this retention period, else the body whole
 * (a new chain, expiring `expiresAt`).
 */
export const encodeBody = (
  ctx: SaverContext,
  at: { pk: string; ns: string; checkpointId: string; parentId: string | undefined },
  body: StoredCheckpoint,
  retention: { nowSeconds: number; expiresAt: number; crossedRefresh: (ms: number | undefined) => boolean },
): { stored: StoredCheckpoint | BodyDelta; expiresAt: number } => {
  const parent = at.parentId === undefined ? undefined : ctx.bodies.get(memoKey(at.pk, at.ns, at.parentId))
  const chainStartMs = parent && (parent.expiresAt - ctx.ttlSeconds) * 1000
  const extend =
    parent !== undefined && parent.expiresAt > retention.nowSeconds && !retention.crossedRefresh(chainStartMs)
  const expiresAt = extend ? parent.expiresAt : retention.expiresAt
  // A copy: the caller's checkpoint may change after `put`.
  ctx.bodies.set(memoKey(at.pk, at.ns, at.checkpointId), { body: structuredClone(body), expiresAt })
  return { stored: extend ? diffBodies(parent.body, body) : body, expiresAt }
}

const decode = async (ctx: SaverContext, item: CheckpointItem) =>
  (await deserialize(ctx, await ctx.codec.load(item.checkpoint))) as StoredCheckpoint | BodyDelta

/**
 * The whole body of a stored checkpoint: its own when whole, else its delta applied to the nearest
 * ancestor body this saver remembers or reads whole, the ancestors read newest first by one Query.
 * Returns a fresh copy each time (callers may change it).
 */
export const loadBody = async (ctx: SaverContext, item: CheckpointItem): Promise<StoredCheckpoint> => {
  const { ns, checkpointId } = placeOf(item)
  const remembered = ctx.bodies.get(memoKey(item.PK, ns, checkpointId))
  if (remembered) return structuredClone(remembered.body)
  const own = await decode(ctx, item)
  if (!isDelta(own)) {
    ctx.bodies.set(memoKey(item.PK, ns, checkpointId), { body: own, expiresAt: item.expiresAt })
    return structuredClone(own)
  }
  const path: { item: CheckpointItem; delta: BodyDelta }[] = [{ item, delta: own }]
  let base: StoredCheckpoint | undefined
  for await (const ancestor of ancestorsOf(ctx, item, ns)) {
    const known = ctx.bodies.get(memoKey(ancestor.PK, ns, placeOf(ancestor).checkpointId))
    if (known) {
      base = known.body
      break
    }
    const body = await decode(ctx, ancestor)
    if (!isDelta(body)) {
      base = body
      break
    }
    path.push({ item: ancestor, delta: body })
  }
  if (!base)
    throw new ChorusError('checkpoint.missingValue', 'a checkpoint is stored as a delta whose base is gone', {
      details: { checkpointId, namespace: ns },
    })
  for (const step of path.reverse()) {
    base = applyDelta(base, step.delta)
    ctx.bodies.set(memoKey(step.item.PK, ns, placeOf(step.item).checkpointId), {
      body: base,
      expiresAt: step.item.expiresAt,
    })
  }
  return structuredClone(base)
}
