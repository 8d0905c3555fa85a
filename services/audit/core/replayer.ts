import { createHash } from 'node:crypto'
import { z } from 'zod'
import { type Consumer, canonicalJson, consumersOf, type Envelope } from '#events'
import type { EventLog, ProjectionStore } from '#platform/store/index.ts'
import type { RunSummary } from './run-summary.ts'

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
 * Replays a window of the archive: the run logs in the table say which events and runs the window
 * holds, `deliver` re-delivers them marked with the replay name. Only the projector acts on them,
 * into the replay's own view, which can then be compared with the live one.
 */
export const makeReplayer = (deps: {
  log: EventLog
  deliver: ReplayDelivery
  projections: ProjectionStore<RunSummary>
}) => ({
  start: async (request: ReplayRequest) => {
    const events = await deps.log.window(request)
    await deps.deliver(events, { ...request, name: replayMarker(request.tenantId, request.name) })
    const runs = [...new Map(events.map((e) => [`${e.meta.tenantId}#${e.meta.runId}`, e.meta])).values()]
    return {
      name: request.name,
      events: events.length,
      runs: runs.map(({ tenantId, runId }) => ({ tenantId, runId })),
    }
  },
  /** Compares a run's replayed view with its live one; undefined when the tenant has neither (no such run). */
  compare: async (tenantId: string, runId: string, name: string): Promise<ReplayComparison | undefined> => {
    const [live, replayed] = await Promise.all([
      deps.projections.get({ tenantId, runId, view: 'live' }),
      deps.projections.get({ tenantId, runId, view: `replay#${replayMarker(tenantId, name)}` }),
    ])
    if (!live && !replayed) return undefined
    return {
      tenantId,
      runId,
      equal: !!live && !!replayed && canonicalJson(live.state) === canonicalJson(replayed.state),
      ...(live ? { live: live.state } : {}),
      ...(replayed ? { replayed: replayed.state } : {}),
    }
  },
})

export type Replayer = ReturnType<typeof makeReplayer>
