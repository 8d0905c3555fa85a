import { type BudgetExceeded, canonicalJson, type Envelope, type StepAllowance, StepFailed } from '#events'
import {
  allowanceOf,
  budgetOf,
  dispatchedSteps,
  limitReached,
  stopAfterStep,
  usageAt,
} from '#services/supervisor/index.ts'

type BudgetExceededEvent = Envelope<'BudgetExceeded', ReturnType<typeof BudgetExceeded.data.parse>>

/**
 * The budget's say on a logged dispatch, re-derived with the supervisor's own fold (ADR 0031): the
 * usage at the event that caused it (the log up to that event), the steps dispatched before it. A
 * first dispatch past a reached limit is a problem; the allowance the step should carry is derived.
 */
export const rederiveDispatch = (
  logged: readonly Envelope[],
  event: Envelope & { data: { stepId: string } },
): { allowance?: StepAllowance; problem?: string } => {
  const run = budgetOf(logged)
  if (!run) return {}
  const cause = logged.find((e) => e.meta.eventId === event.meta.causationId)
  if (!cause) return { problem: `TaskQueued for "${event.data.stepId}" names a cause that is not in the log` }
  const decision = { causeSeq: cause.meta.seq, at: cause.meta.occurredAt, startedAt: run.startedAt }
  const dispatched = dispatchedSteps(logged)
  const usage = usageAt(logged, { ...decision, steps: dispatched.size })
  // A step the log shows dispatched before goes out again as it was (a resumed run): no new decision.
  const first = !dispatched.has(event.data.stepId)
  const reached = first ? limitReached(run.budget, usage, { dispatching: true }) : undefined
  if (reached)
    return {
      problem: `TaskQueued for "${event.data.stepId}" after the budget's ${reached.limit} (${reached.max}) was reached: ${canonicalJson(usage)}`,
    }
  const allowance = allowanceOf(run.budget, usage, run.startedAt)
  return allowance ? { allowance } : {}
}

/**
 * A logged budget stop, re-derived: the run has a budget, the fold at the stop's cause reaches the
 * limit it names, with the usage it names (a worker's stop counts no steps, a dispatch stop does).
 */
export const rederiveBudgetStop = (
  logged: readonly Envelope[],
  event: BudgetExceededEvent,
): string | undefined => {
  const run = budgetOf(logged)
  if (!run) return 'a budget stop in a run without a budget'
  const cause = logged.find((e) => e.meta.eventId === event.meta.causationId)
  if (!cause) return 'the budget stop names a cause that is not in the log'
  const byWorker = StepFailed.is(cause) && cause.data.error.code === 'budget.exceeded'
  const decision = { causeSeq: cause.meta.seq, at: cause.meta.occurredAt, startedAt: run.startedAt }
  const usage = usageAt(logged, { ...decision, steps: dispatchedSteps(logged).size })
  const reached = byWorker
    ? stopAfterStep(logged, cause, cause.data.stepId)
    : limitReached(run.budget, usage, { dispatching: true })
  if (!reached)
    return `the budget stop names ${event.data.limit}, but no limit was reached: ${canonicalJson(usage)}`
  const derived = { limit: reached.limit, max: reached.max, budget: run.budget, usage }
  const { stepId: _s, ...stated } = event.data
  if (canonicalJson(stated) !== canonicalJson(derived))
    return `the budget stop differs: logged ${canonicalJson(stated)}, derived ${canonicalJson(derived)}`
  return undefined
}
