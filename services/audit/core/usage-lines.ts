import { type Envelope, StepCompleted, StepFailed } from '#events'
import type { UsageLine } from '../store/usage-ledger.ts'

/**
 * A run's usage ledger lines, folded from its log (ADR 0031): one per (day, team), summing the
 * usage of every step outcome logged that day (StepCompleted v2, StepFailed v2), cost rounded to
 * 1e-8 USD. Written when the run ends; an ended run's log gives the same lines every time.
 */
export const usageLines = (events: readonly Envelope[]): UsageLine[] => {
  const lines = new Map<string, UsageLine>()
  for (const event of events) {
    const used = StepCompleted.is(event) || StepFailed.is(event) ? event.data.usage : undefined
    if (!used) continue
    const day = event.meta.occurredAt.slice(0, 10)
    const key = `${day}#${used.team}`
    const line = lines.get(key) ?? {
      day,
      runId: event.meta.runId,
      team: used.team,
      steps: 0,
      inputTokens: 0,
      outputTokens: 0,
      toolCalls: 0,
      modelCalls: 0,
      costUsd: 0,
    }
    line.steps++
    line.inputTokens += used.inputTokens
    line.outputTokens += used.outputTokens
    line.toolCalls += used.toolCalls
    line.modelCalls += used.modelCalls
    line.costUsd = Math.round((line.costUsd + used.costUsd) * 1e8) / 1e8
    lines.set(key, line)
  }
  return [...lines.values()]
}
