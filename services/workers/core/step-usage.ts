import type { CallCommitment, StepUsage } from '#events'
import { costOf, currentPrices, type PriceVersion, roundUsd } from '#platform/models/index.ts'
import { commitCalls, type ModelCallRecord, type ToolCallRecord } from '#platform/store/index.ts'

/**
 * What one step's recorded calls used (ADR 0031): the tokens of every model request (failed
 * attempts too), the tool calls, and their cost under the current price table. Read from the same
 * records the outcome event commits to, so a re-published outcome carries the same usage.
 */
export const usageOfCalls = (
  step: { stepId: string; team: string },
  models: readonly ModelCallRecord[],
  tools: readonly ToolCallRecord[],
  prices: PriceVersion = currentPrices(),
): StepUsage => {
  const usage: StepUsage = {
    team: step.team,
    inputTokens: 0,
    outputTokens: 0,
    toolCalls: tools.filter((t) => t.stepId === step.stepId).length,
    modelCalls: 0,
    costUsd: 0,
    prices: prices.version,
  }
  for (const call of models) {
    if (call.stepId !== step.stepId) continue
    usage.modelCalls++
    usage.inputTokens += call.usage.inputTokens
    usage.outputTokens += call.usage.outputTokens
    usage.costUsd = roundUsd(usage.costUsd + costOf(prices, { ...call, ...call.usage }))
  }
  return usage
}

/** One read of the run's calls: the commitments an outcome event makes, and the step's usage. */
export const readStepCalls = async (
  stores: {
    modelCalls: { list(tenantId: string, runId: string): Promise<ModelCallRecord[]> }
    toolCalls: { list(tenantId: string, runId: string): Promise<ToolCallRecord[]> }
  },
  key: { tenantId: string; runId: string; stepId: string },
  team: string,
): Promise<{ calls: CallCommitment[]; usage: StepUsage }> => {
  const [models, tools] = await Promise.all([
    stores.modelCalls.list(key.tenantId, key.runId),
    stores.toolCalls.list(key.tenantId, key.runId),
  ])
  return {
    calls: commitCalls(key.stepId, models, tools),
    usage: usageOfCalls({ stepId: key.stepId, team }, models, tools),
  }
}
