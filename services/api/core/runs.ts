import { type Actor, type Envelope, newId, RunCancelRequested, RunCompleted, RunFailed } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import type { RunControl, RunList, RunListQuery, RunRecord, RunStore } from '#platform/store/index.ts'
import { ApiError, notFound } from './api-error.ts'

export interface RunsDeps {
  runs: RunStore
  list: RunList
  control: RunControl
  bus: Bus
  /** How long a cancel waits for the run to end before answering that it is on its way. */
  cancelWaitMs: number
}

export interface CancelOutcome {
  /** `ended`: the run is failed with `run.cancelled`; `cancelling`: the request is on its way. */
  state: 'ended' | 'cancelling'
  run: Pick<RunRecord, 'runId' | 'status' | 'failure'>
}

const ended = (run: RunRecord) => run.status === 'completed' || run.status === 'failed'
const cancelled = (run: RunRecord) => run.status === 'failed' && run.failure?.code === 'run.cancelled'
const outcome = (state: CancelOutcome['state'], { runId, status, failure }: RunRecord): CancelOutcome => ({
  state,
  run: { runId, status, ...(failure ? { failure } : {}) },
})

/** Resolves when the run's RunCompleted/RunFailed passes on the bus, or after `ms`. */
const endOf = (bus: Bus, tenantId: string, runId: string, ms: number) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer)
      unsubscribe()
      resolve()
    }
    const timer = setTimeout(done, ms)
    const unsubscribe = bus.subscribe((event: Envelope) => {
      if (event.meta.tenantId !== tenantId || event.meta.runId !== runId) return
      if (RunCompleted.is(event) || RunFailed.is(event)) done()
    })
  })

/** Runs as operators see them: listed by time or status, and cancelled. */
export const makeRuns = ({ runs, list, control, bus, cancelWaitMs }: RunsDeps) => ({
  list: (tenantId: string, query: RunListQuery) => list(tenantId, query),

  /**
   * Asks the supervisor to end the run (RunCancelRequested, published once per run under an id
   * stored on the run) and waits briefly for it. Cancelling a cancelled run answers the same;
   * a run that ended otherwise is a conflict.
   */
  cancel: async (input: { tenantId: string; runId: string; actor: Actor; reason?: string | undefined }) => {
    const { tenantId, runId, actor } = input
    const run = await runs.getRun(tenantId, runId)
    if (!run) throw notFound('run', runId)
    if (cancelled(run)) return outcome('ended', run)
    if (ended(run)) throw new ApiError('run.alreadyEnded', `run ${runId} already ${run.status}`)

    const eventId = await control.requestCancel({ tenantId, runId }, newId())
    if (!eventId) throw notFound('run', runId)
    const waiting = endOf(bus, tenantId, runId, cancelWaitMs)
    const draft = RunCancelRequested.draft(
      { reason: input.reason ?? 'cancelled through the API' },
      { tenantId, runId, correlationId: runId, causationId: null, route: 'async', actor, eventId },
    )
    await bus.publish(draft)
    await waiting
    const after = (await runs.getRun(tenantId, runId)) ?? run
    if (cancelled(after)) return outcome('ended', after)
    if (ended(after))
      throw new ApiError('run.alreadyEnded', `run ${runId} ${after.status} before it could be cancelled`)
    return outcome('cancelling', after)
  },
})

export type Runs = ReturnType<typeof makeRuns>
