import { createHash } from 'node:crypto'
import { z } from 'zod'
import { type Consumer, canonicalJson, consumersOf, type Envelope } from '#events'
import type { EventLog } from '#platform/store/index.ts'
import type { Projection, ProjectionStore } from '../store/projection-store.ts'
import { emptySummary, type RunSummary, reduceRun } from './run-summary.ts'

/** What to replay: a time window of one tenant's archive, optionally one run's events. */
export const ReplayRequest = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase slug'),
    tenantId: z.string(),
    runId: z.string().optional(),
  })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] })
export type ReplayRequest = z.infer<typeof ReplayRequest>

/**
 * The marker of a tenant's replay: its re-delivered events carry it (`meta.replay`, EventBridge's
 * `ReplayName`) and its views are kept under it. It names the tenant (hashed: replay names are
 * account-wide on EventBridge and at most 64 characters), so replays of one name by two tenants
 * never meet: neither a name taken nor a view of the other tenant can be reached.
 */
export const replayMarker = (tenantId: string, name: string) =>
  `r-${createHash('sha256').update(`${tenantId}\n${name}`).digest('base64url').slice(0, 32)}`

export interface ReplayComparison {
  tenantId: string
  runId: string
  equal: boolean
  live?: RunSummary
  replayed?: RunSummary
  /**
   * The replay reached seq `replayedSeq` of the `liveSeq` the live view holds (a window that ends
   * before the run does): `equal` then compares it with the run's log folded up to `replayedSeq`.
   */
  partial?: { replayedSeq: number; liveSeq: number }
}

/**
 * Which runs a replay covers, kept beside the views (one item per run, view `scope#<marker>`): `start`
 * records each run it touches before delivering, and the projector folds a replayed event only when
 * its run is covered. EventBridge `StartReplay` re-sends every archived event of the window, of every
 * tenant and run; the scope keeps a replay to the caller's tenant and run, as the embedded delivery is.
 */
export const makeReplayScope = (projections: ProjectionStore<RunSummary>) => {
  const view = (marker: string) => `scope#${marker}`
  const covered = new Set<string>()
  return {
    add: async (marker: string, tenantId: string, runId: string): Promise<void> => {
      // 'moved' means the run was covered already (the replay started again): nothing to do.
      await projections.advance({ tenantId, runId, view: view(marker) }, 0, {
        state: emptySummary(runId),
        lastSeq: 0,
      })
    },
    /** Whether the replay that marked this event covers its run (a positive answer is remembered). */
    covers: async ({ meta: { replay, tenantId, runId } }: Envelope): Promise<boolean> => {
      if (!replay) return false
      const key = `${replay}\n${tenantId}\n${runId}`
      if (covered.has(key)) return true
      const found = (await projections.get({ tenantId, runId, view: view(replay) })) !== undefined
      if (found) covered.add(key)
      return found
    },
  }
}

/**
 * How a runtime re-delivers a window of the archive: the embedded one hands the logged events to the
 * consumers' queues itself; on AWS, EventBridge `StartReplay` re-sends the archived ones. The
 * request's `name` is the replay's marker (`replayMarker`), what the events are marked with.
 */
export type ReplayDelivery = (events: readonly Envelope[], request: ReplayRequest) => Promise<void>

/** The embedded delivery: each event, marked with the replay name, to every consumer of it. */
export const redeliverTo =
  (send: (consumer: Consumer, event: Envelope) => void): ReplayDelivery =>
  async (events, request) => {
    for (const event of events) {
      const marked = { ...event, meta: { ...event.meta, replay: request.name } }
      for (const consumer of consumersOf(event.meta.name)) send(consumer, marked)
    }
  }

/**
 * Replays a window of the archive: the run logs in the table say which runs the window touches, and
 * each of them is re-delivered from the start of its log (a window that starts mid-run would build
 * a view of half a run) to its end, marked with the replay name. Only the projector acts on them,
 * into the replay's own view, which can then be compared with the live one. A delivery that only
 * replays the window itself (EventBridge) relies on the projector folding a run's earlier events
 * from its log, and a run the window cuts short is reported `partial`, never as differing.
 */
export const makeReplayer = (deps: {
  log: EventLog
  deliver: ReplayDelivery
  projections: ProjectionStore<RunSummary>
}) => {
  const scope = makeReplayScope(deps.projections)
  return {
    start: async (request: ReplayRequest) => {
      const windowed = await deps.log.window(request)
      const touched = [
        ...new Map(windowed.map((e) => [`${e.meta.tenantId}#${e.meta.runId}`, e.meta])).values(),
      ]
      const logs = await Promise.all(touched.map(({ tenantId, runId }) => deps.log.list(tenantId, runId)))
      const events = logs.flat()
      const marker = replayMarker(request.tenantId, request.name)
      await Promise.all(touched.map(({ tenantId, runId }) => scope.add(marker, tenantId, runId)))
      await deps.deliver(events, { ...request, name: marker })
      return {
        name: request.name,
        events: events.length,
        runs: touched.map(({ tenantId, runId }, i) => ({
          tenantId,
          runId,
          /** The run's first and last seq inside the window; its whole log (1..`logSeq`) was re-delivered. */
          windowSeqs: seqRange(windowed, runId),
          logSeq: logs[i]?.at(-1)?.meta.seq ?? 0,
        })),
      }
    },
    /** Compares a run's replayed view with its live one; undefined when the tenant has neither (no such run). */
    compare: async (tenantId: string, runId: string, name: string): Promise<ReplayComparison | undefined> => {
      const [log, replayed] = await Promise.all([
        deps.log.list(tenantId, runId),
        deps.projections.get({ tenantId, runId, view: `replay#${replayMarker(tenantId, name)}` }),
      ])
      const live = liveView(runId, log)
      if (!live && !replayed) return undefined
      const partial = !!live && !!replayed && replayed.lastSeq < live.lastSeq
      const expected = partial
        ? log.filter((e) => e.meta.seq <= (replayed?.lastSeq ?? 0)).reduce(reduceRun, emptySummary(runId))
        : live?.state
      return {
        tenantId,
        runId,
        equal: !!expected && !!replayed && canonicalJson(expected) === canonicalJson(replayed.state),
        ...(live ? { live: live.state } : {}),
        ...(replayed ? { replayed: replayed.state } : {}),
        ...(partial && live && replayed
          ? { partial: { replayedSeq: replayed.lastSeq, liveSeq: live.lastSeq } }
          : {}),
      }
    },
  }
}

/**
 * A run's live view: the fold of its log, read when it is asked for. Nothing stores it, so it is never
 * stale and costs no write per event (ADR 0023); undefined for a run with no events.
 */
export const liveView = (runId: string, log: readonly Envelope[]): Projection<RunSummary> | undefined =>
  log.length === 0
    ? undefined
    : { state: log.reduce(reduceRun, emptySummary(runId)), lastSeq: log.at(-1)?.meta.seq ?? 0 }

const seqRange = (events: readonly Envelope[], runId: string) => {
  const seqs = events.filter((e) => e.meta.runId === runId).map((e) => e.meta.seq)
  return { first: Math.min(...seqs), last: Math.max(...seqs) }
}

export type Replayer = ReturnType<typeof makeReplayer>
