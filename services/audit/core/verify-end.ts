import { type Envelope, RunCompleted, RunFailed, RunResumed } from '#events'

/** What the run record says about the end of a run (status and the event that ended it). */
export interface RunEnd {
  status: 'requested' | 'running' | 'awaiting_approval' | 'completed' | 'failed'
  terminalEventId?: string
}

export type EndVerdict =
  | { ok: true; finished: true; seq: number }
  | { ok: true; finished: false }
  | { ok: false; seq: number; problem: string }

/** The event that ends the log, if its last lifecycle event is RunCompleted or RunFailed (not resumed since). */
export const logEnd = (events: readonly Envelope[]): Envelope | undefined => {
  let end: Envelope | undefined
  for (const event of events) {
    if (RunCompleted.is(event) || RunFailed.is(event)) end = event
    else if (RunResumed.is(event)) end = undefined
  }
  return end
}

/**
 * Checks that the log and the run record agree on how the run ended: a finished run's log holds
 * the terminal event the record names, with the same outcome. A log cut after seq k of a finished
 * run is named at seq k + 1 (the first event missing). A run the record says is still going is
 * `finished: false` (in progress), never a match; without a record the log alone decides.
 */
export const verifyEnd = (events: readonly Envelope[], run: RunEnd | undefined): EndVerdict => {
  const end = logEnd(events)
  const last = events.at(-1)?.meta.seq ?? 0
  if (!run) return end ? { ok: true, finished: true, seq: end.meta.seq } : { ok: true, finished: false }
  if (run.status !== 'completed' && run.status !== 'failed') return { ok: true, finished: false }
  if (!end)
    return {
      ok: false,
      seq: last + 1,
      problem: `the run ${run.status} (event ${run.terminalEventId ?? '?'}), but its log ends at seq ${last} without a terminal event (cut after seq ${last})`,
    }
  const status = RunCompleted.is(end) ? 'completed' : 'failed'
  if (status !== run.status)
    return {
      ok: false,
      seq: end.meta.seq,
      problem: `the run record says ${run.status}, the log ends ${status} at seq ${end.meta.seq}`,
    }
  if (run.terminalEventId && run.terminalEventId !== end.meta.eventId)
    return {
      ok: false,
      seq: end.meta.seq,
      problem: `the run ended with event ${run.terminalEventId}, but the log ends with event ${end.meta.eventId} at seq ${end.meta.seq}`,
    }
  return { ok: true, finished: true, seq: end.meta.seq }
}
