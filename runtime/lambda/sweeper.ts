import { containerRuntime } from './container.ts'

/** Runs still `requested` this long after they were created are started again. */
const GRACE_MS = 2 * 60_000

/**
 * Lambda entry point of the run-start sweeper, on a schedule: a crash of the API function between
 * creating a run and publishing its start leaves a `requested` run whose start event is stored with
 * it (the outbox); this re-publishes it. Safe to repeat: the log appends an event id once and the
 * planner handles it once. It also ends the waits for approval that ran out (ADR 0023).
 */
export const handler = async (): Promise<{ republished: number; approvalsExpired: number }> => {
  const runtime = await containerRuntime()
  const republished = await runtime.core.recoverRunStarts(new Date(Date.now() - GRACE_MS).toISOString())
  // Runs whose wait for approval ran out end approval.timedOut (ADR 0023): the waiting runs hold no
  // compute, this schedule is what notices them.
  const approvalsExpired = await runtime.core.expireApprovals(new Date().toISOString())
  runtime.logger.info('run-start sweep done', { republished, approvalsExpired })
  return { republished, approvalsExpired }
}
