import { z } from 'zod'
import { type Consumer, canonicalJson, consumersOf, type Envelope } from '#events'
import type { EventLog, ProjectionStore } from '#platform/store/index.ts'
import type { RunSummary } from './run-summary.ts'

/** What to replay: a time window of the archive, optionally one tenant's or one run's events. */
export const ReplayRequest = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase slug'),
    tenantId: z.string().optional(),
    runId: z.string().optional(),
  })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] })
  .refine((r) => !r.runId || r.tenantId, { message: 'a run is named within its tenant', path: ['tenantId'] })
export type ReplayRequest = z.infer<typeof ReplayRequest>

export interface ReplayComparison {
  tenantId: string
  runId: string
  equal: boolean
  live?: RunSummary
  replayed?: RunSummary
}

/**
 * Replays the archive kept in the table (the run logs): every event of the window is re-delivered
 * in seq order per run, marked with the replay name, through `redeliver` (the consumers' queues).
 * Only the projector acts on it, into the replay's own view, which can then be compared with the
 * live one.
 */
export const makeReplayer = (deps: {
  log: EventLog
  redeliver: (consumer: Consumer, event: Envelope) => void
  projections: ProjectionStore<RunSummary>
}) => ({
  start: async (request: ReplayRequest) => {
    const events = await deps.log.window(request)
    for (const event of events) {
      const marked = { ...event, meta: { ...event.meta, replay: request.name } }
      for (const consumer of consumersOf(event.meta.name)) deps.redeliver(consumer, marked)
    }
    const runs = [...new Map(events.map((e) => [`${e.meta.tenantId}#${e.meta.runId}`, e.meta])).values()]
    return {
      name: request.name,
      events: events.length,
      runs: runs.map(({ tenantId, runId }) => ({ tenantId, runId })),
    }
  },
  /** Compares a run's replayed view with its live one. */
  compare: async (tenantId: string, runId: string, name: string): Promise<ReplayComparison> => {
    const [live, replayed] = await Promise.all([
      deps.projections.get({ tenantId, runId, view: 'live' }),
      deps.projections.get({ tenantId, runId, view: `replay#${name}` }),
    ])
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
