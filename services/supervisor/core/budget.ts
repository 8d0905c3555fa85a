import {
  BUDGET_LIMITS,
  type Budget,
  type BudgetLimit,
  type Envelope,
  RunRequested,
  type RunUsage,
  type StepAllowance,
  StepCompleted,
  StepFailed,
  TaskQueued,
} from '#events'

/**
 * The budget fold (ADR 0031): what a run used, read from its log alone, and whether a limit is
 * reached. The supervisor decides with it before each dispatch; the audit re-derives every decision
 * with the same functions over the same events, so both always decide the same way.
 */

/** The run's budget, as its RunRequested (v2) states it; undefined when it has none. */
export const budgetOf = (events: readonly Envelope[]): { budget: Budget; startedAt: string } | undefined => {
  const requested = events.find((e) => RunRequested.is(e))
  if (!requested || !RunRequested.is(requested) || !requested.data.budget) return undefined
  if (Object.keys(requested.data.budget).length === 0) return undefined
  return { budget: requested.data.budget, startedAt: requested.meta.occurredAt }
}

/** Step ids the log shows dispatched (a TaskQueued each), in log order. */
export const dispatchedSteps = (events: readonly Envelope[]): Set<string> =>
  new Set(events.flatMap((e) => (TaskQueued.is(e) ? [e.data.stepId] : [])))

/**
 * What the run used at a decision taken while handling the event at `causeSeq` (occurred `at`):
 * the usage of step outcomes logged up to that event, the steps dispatched in `events`, and the
 * time since the request. Costs are summed in log order, rounded like the price table rounds.
 */
export const usageAt = (
  events: readonly Envelope[],
  decision: { causeSeq: number; at: string; startedAt: string; steps: number },
): RunUsage => {
  const usage: RunUsage = { steps: decision.steps, tokens: 0, toolCalls: 0, costUsd: 0, durationSec: 0 }
  for (const e of events) {
    if (e.meta.seq > decision.causeSeq) continue
    const used = StepCompleted.is(e) || StepFailed.is(e) ? e.data.usage : undefined
    if (!used) continue
    usage.tokens += used.inputTokens + used.outputTokens
    usage.toolCalls += used.toolCalls
    usage.costUsd = Math.round((usage.costUsd + used.costUsd) * 1e8) / 1e8
  }
  const ms = Date.parse(decision.at) - Date.parse(decision.startedAt)
  usage.durationSec = Math.max(0, ms) / 1000
  return usage
}

const USED: Record<BudgetLimit, (u: RunUsage) => number> = {
  maxSteps: (u) => u.steps,
  maxTokens: (u) => u.tokens,
  maxToolCalls: (u) => u.toolCalls,
  maxCostUsd: (u) => u.costUsd,
  maxDurationSec: (u) => u.durationSec,
}

/**
 * The first limit reached (usage at or past it), in `BUDGET_LIMITS` order; undefined while every
 * limit has room. `maxSteps` counts only before a dispatch: a step's own end cannot exceed it.
 */
export const limitReached = (
  budget: Budget,
  usage: RunUsage,
  { dispatching }: { dispatching: boolean },
): { limit: BudgetLimit; max: number } | undefined => {
  for (const limit of BUDGET_LIMITS) {
    const max = budget[limit]
    if (max === undefined || (limit === 'maxSteps' && !dispatching)) continue
    if (USED[limit](usage) >= max) return { limit, max }
  }
  return undefined
}

/** What is left of the budget for a step dispatched now; undefined when no limit applies to a step. */
export const allowanceOf = (
  budget: Budget,
  usage: RunUsage,
  startedAt: string,
): StepAllowance | undefined => {
  const left = (max: number | undefined, used: number) =>
    max === undefined ? undefined : Math.max(0, Math.round((max - used) * 1e8) / 1e8)
  const allowance: StepAllowance = {}
  const tokens = left(budget.maxTokens, usage.tokens)
  const toolCalls = left(budget.maxToolCalls, usage.toolCalls)
  const cost = left(budget.maxCostUsd, usage.costUsd)
  if (tokens !== undefined) allowance.maxTokens = tokens
  if (toolCalls !== undefined) allowance.maxToolCalls = toolCalls
  if (cost !== undefined) allowance.maxCostUsd = cost
  if (budget.maxDurationSec !== undefined)
    allowance.deadline = new Date(Date.parse(startedAt) + budget.maxDurationSec * 1000).toISOString()
  return Object.keys(allowance).length > 0 ? allowance : undefined
}

/** One line naming the limit and the usage, for RunFailed's message and logs. */
export const describeBudgetStop = (reached: { limit: BudgetLimit; max: number }, usage: RunUsage): string =>
  `budget limit ${reached.limit} (${reached.max}) reached: used ${usage.steps} steps, ${usage.tokens} tokens, ` +
  `${usage.toolCalls} tool calls, ${usage.costUsd} USD, ${usage.durationSec} s`

/** Where a dispatch stops for the budget: the limit, its value, the usage, and the step refused. */
export interface BudgetStop {
  limit: BudgetLimit
  max: number
  budget: Budget
  usage: RunUsage
  stepId?: string
}

/**
 * The budget's say on dispatching `waiting` steps while handling `cause`: steps the log shows
 * dispatched already go out again as they are; each new one, in order, is admitted while no
 * limit is reached (counting the ones admitted before it), and the first refused one stops the
 * run. Each admitted step carries what is left of the budget (`allowance`).
 */
export const gateDispatch = (
  events: readonly Envelope[],
  cause: Envelope,
  waiting: readonly string[],
): { admitted: Set<string>; allowance?: StepAllowance; stop?: BudgetStop } => {
  const run = budgetOf(events)
  if (!run) return { admitted: new Set(waiting) }
  const dispatched = dispatchedSteps(events)
  const admitted = new Set(waiting.filter((id) => dispatched.has(id)))
  const decision = { causeSeq: cause.meta.seq, at: cause.meta.occurredAt, startedAt: run.startedAt }
  const base = usageAt(events, { ...decision, steps: dispatched.size })
  const allowance = allowanceOf(run.budget, base, run.startedAt)
  for (const stepId of waiting) {
    if (admitted.has(stepId)) continue
    const usage = { ...base, steps: dispatched.size + admitted.size - countDispatched(admitted, dispatched) }
    const reached = limitReached(run.budget, usage, { dispatching: true })
    if (reached)
      return {
        admitted,
        ...withAllowance(allowance),
        stop: { ...reached, budget: run.budget, usage, stepId },
      }
    admitted.add(stepId)
  }
  return { admitted, ...withAllowance(allowance) }
}

/** Admitted steps the log already showed dispatched: counted once, in `dispatched`. */
const countDispatched = (admitted: Set<string>, dispatched: Set<string>) =>
  [...admitted].filter((id) => dispatched.has(id)).length

const withAllowance = (allowance: StepAllowance | undefined) => (allowance ? { allowance } : {})

/**
 * The budget's say after a worker stopped a step for it (StepFailed `budget.exceeded`, handled as
 * `cause`): the first limit reached by the usage logged so far, steps aside; undefined if none is.
 */
export const stopAfterStep = (
  events: readonly Envelope[],
  cause: Envelope,
  stepId: string,
): BudgetStop | undefined => {
  const run = budgetOf(events)
  if (!run) return undefined
  const steps = dispatchedSteps(events).size
  const decision = { causeSeq: cause.meta.seq, at: cause.meta.occurredAt, startedAt: run.startedAt, steps }
  const usage = usageAt(events, decision)
  const reached = limitReached(run.budget, usage, { dispatching: false })
  return reached ? { ...reached, budget: run.budget, usage, stepId } : undefined
}
