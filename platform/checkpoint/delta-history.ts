import type { RunnableConfig } from '@langchain/core/runnables'
import type { CheckpointPendingWrite, DeltaChannelHistory } from '@langchain/langgraph-checkpoint'
import { checkpointKeys } from '../store/keys.ts'
import { loadBody } from './body-delta.ts'
import { deserialize, type SaverContext } from './context.ts'
import { ancestorsOf, type CheckpointItem, placeOf, type StoredCheckpoint } from './items.ts'
import { findCheckpointItem } from './read-tuple.ts'
import { queryWrites, readValueItems, type StoredWrite } from './read-values.ts'

/** Ancestors resolved per round trip: one Query for their writes, one BatchGet for their values. */
const WINDOW = 50

/**
 * `getDeltaChannelHistory` without a `getTuple` per ancestor: walks the parent chain of the target
 * checkpoint in windows of {@link WINDOW} ancestors, reading their checkpoint items by one Query, the
 * candidate seed values by BatchGet and their writes (to the wanted channels only) by one Query. Same
 * contract as the base class: per channel, the on-path writes oldest to newest (each checkpoint's in
 * `(task_path, task_id, idx)` order) and the value at the nearest ancestor that stores one, as `seed`.
 */
export const readDeltaChannelHistory = async (
  ctx: SaverContext,
  config: RunnableConfig,
  channels: string[],
): Promise<Record<string, DeltaChannelHistory>> => {
  if (channels.length === 0) return {}
  const newestFirst = new Map<string, CheckpointPendingWrite[]>(channels.map((channel) => [channel, []]))
  const seeds = new Map<string, unknown>()
  const remaining = new Set(channels)

  const target = await findCheckpointItem(ctx, config)
  if (target) {
    const { ns } = placeOf(target)
    let window: CheckpointItem[] = []
    const resolve = async () => {
      await resolveWindow(ctx, target.PK, ns, window, { remaining, newestFirst, seeds })
      window = []
    }
    for await (const ancestor of ancestorsOf(ctx, target, ns)) {
      window.push(ancestor)
      if (window.length === WINDOW) await resolve()
      if (remaining.size === 0) break
    }
    if (window.length > 0 && remaining.size > 0) await resolve()
  }

  return Object.fromEntries(
    channels.map((channel) => {
      const history: DeltaChannelHistory = { writes: (newestFirst.get(channel) ?? []).slice().reverse() }
      if (seeds.has(channel)) history.seed = seeds.get(channel)
      return [channel, history]
    }),
  )
}

interface WalkState {
  remaining: Set<string>
  newestFirst: Map<string, CheckpointPendingWrite[]>
  seeds: Map<string, unknown>
}

/** Applies one window of ancestors, nearest first: collect their writes, then stop channels at seeds. */
const resolveWindow = async (
  ctx: SaverContext,
  pk: string,
  ns: string,
  window: CheckpointItem[],
  state: WalkState,
) => {
  const wanted = [...state.remaining]
  const bodies: StoredCheckpoint[] = []
  // One at a time: the first delta body's walk remembers the bodies the others are deltas of.
  for (const item of window) bodies.push(await loadBody(ctx, item))
  const valueKey = (channel: string, body: StoredCheckpoint) => {
    const version = body.channel_versions[channel]
    return version === undefined ? undefined : checkpointKeys.valuesAt(ns, version)
  }
  const ids = window.map((item) => placeOf(item).checkpointId)
  const [values, writes] = await Promise.all([
    readValueItems(
      ctx,
      pk,
      bodies.flatMap((body) => wanted.flatMap((channel) => valueKey(channel, body) ?? [])),
    ),
    queryWrites(ctx, pk, { between: checkpointKeys.writesBetween(ns, ids) }, wanted),
  ])
  const writesById = new Map<string, StoredWrite[]>()
  for (const write of writes)
    writesById.set(write.checkpointId, [...(writesById.get(write.checkpointId) ?? []), write])

  for (const [index, body] of bodies.entries()) {
    if (state.remaining.size === 0) return
    const own = (writesById.get(ids[index] ?? '') ?? []).filter((write) => state.remaining.has(write.channel))
    for (const write of own.slice().reverse())
      state.newestFirst.get(write.channel)?.push([write.taskId, write.channel, await write.load()])
    for (const channel of [...state.remaining]) {
      const key = valueKey(channel, body)
      const payload = key === undefined ? undefined : values.get(key)?.[channel]
      if (!payload) continue
      state.seeds.set(channel, await deserialize(ctx, await ctx.codec.load(payload)))
      state.remaining.delete(channel)
    }
  }
}
