import type { StepAllowance } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import { costOf, currentPrices, type InvokeModel, roundUsd } from '#platform/models/index.ts'
import type { ToolCallStore } from '#platform/store/index.ts'

/**
 * Keeps a step within what is left of its run's budget (TaskQueued v2 `budget`, ADR 0031): before
 * each model call (for an `agent` team: between iterations of its loop) the step's usage so far is
 * checked, and a call past a reached limit throws `budget.exceeded` (final) instead. The supervisor
 * then ends the run with BudgetExceeded. Tokens and cost count the answers, tool calls the records.
 */
export const guardStepBudget = <D extends { invoke: InvokeModel; toolCalls: ToolCallStore }>(
  deps: D,
  allowance: StepAllowance | undefined,
  clock: () => number = Date.now,
): D => {
  if (!allowance) return deps
  const used = { tokens: 0, toolCalls: 0, costUsd: 0 }
  const reached = (): string | undefined => {
    if (allowance.maxTokens !== undefined && used.tokens >= allowance.maxTokens)
      return `maxTokens: the step used ${used.tokens} of ${allowance.maxTokens} tokens left`
    if (allowance.maxToolCalls !== undefined && used.toolCalls >= allowance.maxToolCalls)
      return `maxToolCalls: the step made ${used.toolCalls} of ${allowance.maxToolCalls} tool calls left`
    if (allowance.maxCostUsd !== undefined && used.costUsd >= allowance.maxCostUsd)
      return `maxCostUsd: the step spent ${used.costUsd} of ${allowance.maxCostUsd} USD left`
    if (allowance.deadline !== undefined && clock() >= Date.parse(allowance.deadline))
      return `maxDurationSec: the run's time ran out at ${allowance.deadline}`
    return undefined
  }
  const invoke: InvokeModel = async (request) => {
    const limit = reached()
    if (limit)
      throw new ChorusError('budget.exceeded', `stopped before a model call: ${limit}`, { retryable: false })
    const answer = await deps.invoke(request)
    used.tokens += answer.usage.inputTokens + answer.usage.outputTokens
    used.costUsd = roundUsd(used.costUsd + costOf(currentPrices(), { ...answer.info, ...answer.usage }))
    return answer
  }
  const toolCalls: ToolCallStore = {
    list: (tenantId, runId) => deps.toolCalls.list(tenantId, runId),
    record: async (key, call) => {
      used.toolCalls++
      return deps.toolCalls.record(key, call)
    },
  }
  return { ...deps, invoke, toolCalls }
}
