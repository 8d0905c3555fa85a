import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { StepId, TeamName } from '../ids.ts'

/** The limits a run may have, in the order a check names the first one reached (ADR 0031). */
export const BUDGET_LIMITS = [
  'maxSteps',
  'maxTokens',
  'maxToolCalls',
  'maxCostUsd',
  'maxDurationSec',
] as const
export const BudgetLimit = z.enum(BUDGET_LIMITS)
export type BudgetLimit = z.infer<typeof BudgetLimit>

const count = z.number().int().nonnegative()
const usd = z.number().nonnegative().max(1_000_000)

/**
 * A run's budget: each limit optional, absent meaning unlimited. A request's budget, a tenant's
 * defaults and ceilings, and the effective budget a run carries in RunRequested v2 share this shape.
 */
export const Budget = z
  .object({
    maxTokens: count.max(1_000_000_000).optional(),
    maxToolCalls: count.max(1_000_000).optional(),
    maxSteps: count.max(1000).optional(),
    maxDurationSec: count.max(31 * 24 * 3600).optional(),
    maxCostUsd: usd.optional(),
  })
  .strict()
export type Budget = z.infer<typeof Budget>

/**
 * What one step used, read from its recorded model and tool calls (failed attempts included) and
 * priced with the price table version `prices` (StepCompleted v2, StepFailed v2).
 */
export const StepUsage = z
  .object({
    team: TeamName,
    inputTokens: count,
    outputTokens: count,
    toolCalls: count,
    modelCalls: count,
    costUsd: usd,
    /** The price table version the cost was computed with (`platform/models/prices.json`). */
    prices: z.string().min(1).max(40),
  })
  .strict()
export type StepUsage = z.infer<typeof StepUsage>

/** What a run used so far, as the budget fold counts it. */
export const RunUsage = z
  .object({
    steps: count,
    tokens: count,
    toolCalls: count,
    costUsd: usd,
    durationSec: z.number().nonnegative(),
  })
  .strict()
export type RunUsage = z.infer<typeof RunUsage>

/**
 * What is left of the run's budget for one step (TaskQueued v2): a worker's loop stops between
 * iterations once the step used it up. `deadline` is when the run's `maxDurationSec` runs out.
 */
export const StepAllowance = z
  .object({
    maxTokens: count.optional(),
    maxToolCalls: count.optional(),
    maxCostUsd: usd.optional(),
    deadline: z.iso.datetime().optional(),
  })
  .strict()
export type StepAllowance = z.infer<typeof StepAllowance>

export const BudgetExceeded = defineEvent({
  name: 'BudgetExceeded',
  version: 1,
  source: 'chorus.supervisor',
  description:
    'The run reached a limit of its budget before a step could be dispatched; it ends RunFailed budget.exceeded.',
  data: z
    .object({
      /** The first limit reached, in `BUDGET_LIMITS` order. */
      limit: BudgetLimit,
      /** That limit's value. */
      max: z.number().nonnegative(),
      /** The run's budget as RunRequested v2 stated it. */
      budget: Budget,
      /** What the run had used when the supervisor decided. */
      usage: RunUsage,
      /** The step that would have been dispatched next, or the step a worker stopped. */
      stepId: StepId.optional(),
    })
    .strict(),
})
