import type { Client } from './client.ts'

/** A Chorus event as the stream delivers it (only the fields the CLI shows). */
export interface StreamedEvent {
  meta: { seq: number; name: string; runId: string; actor?: { id: string } }
  data: Record<string, unknown>
}

type Step = { id: string; team: string; dependsOn?: string[] }
type Failure = { code: string; message: string }

export const TERMINAL = ['RunCompleted', 'RunFailed']

/** One readable line per event of a run; symbols on a terminal, plain tags in a pipe. */
export const progressLine = (event: StreamedEvent, tty: boolean): string | undefined => {
  const mark = (symbol: string, tag: string) => (tty ? symbol : `[${tag}]`)
  const d = event.data
  switch (event.meta.name) {
    case 'RunRequested':
      return `${mark('▸', 'run')} run ${event.meta.runId} requested`
    case 'PlanCreated': {
      const steps = ((d.plan as { steps?: Step[] })?.steps ?? []).map(
        (s) => `${s.id} (${s.team})${s.dependsOn?.length ? ` after ${s.dependsOn.join(', ')}` : ''}`,
      )
      return `${mark('▸', 'plan')} plan: ${steps.join('; ')}`
    }
    case 'PlanRejected':
      return `${mark('✗', 'plan')} no valid plan: ${((d.reasons as string[]) ?? []).join('; ')}`
    case 'TaskQueued':
      return `${mark('…', 'step')} ${d.stepId}: ${d.team} is working`
    case 'StepCompleted': {
      const usage = (d.output as { usage?: { inputTokens: number; outputTokens: number } })?.usage
      return `${mark('✓', 'done')} ${d.stepId} done${usage ? ` (${usage.inputTokens + usage.outputTokens} tokens)` : ''}`
    }
    case 'StepFailed':
      return `${mark('✗', 'fail')} ${d.stepId} failed: ${(d.error as Failure).code}: ${(d.error as Failure).message}`
    case 'StepAborted':
      return `${mark('■', 'abort')} ${d.stepId} aborted: ${(d.reason as Failure).message}`
    case 'BudgetExceeded': {
      const used = d.usage as {
        steps: number
        tokens: number
        toolCalls: number
        costUsd: number
        durationSec: number
      }
      return `${mark('■', 'budget')} budget: ${d.limit} ${d.max} reached${d.stepId ? ` before ${d.stepId}` : ''} (used ${used.steps} steps, ${used.tokens} tokens, ${used.toolCalls} tool calls, ${used.costUsd} USD, ${used.durationSec} s)`
    }
    case 'RunCancelRequested':
      return `${mark('■', 'cancel')} cancel requested by ${event.meta.actor?.id ?? 'someone'}`
    case 'RunCompleted':
      return `${mark('✓', 'run')} run completed`
    case 'RunFailed':
      return `${mark('✗', 'run')} run failed: ${(d.reason as Failure).code}: ${(d.reason as Failure).message}`
    default:
      return `${mark('·', 'event')} ${event.meta.name}`
  }
}

/**
 * Follows a run's events to its end, resuming after the last one seen if the connection drops.
 * Returns every event in order; `onEvent` sees each one as it arrives.
 */
export const followRun = async (
  client: Client,
  runId: string,
  onEvent: (event: StreamedEvent) => void,
  attempts = 5,
): Promise<StreamedEvent[]> => {
  const events: StreamedEvent[] = []
  for (let attempt = 0; attempt < attempts; attempt++) {
    const after = events.at(-1)?.meta.seq ?? 0
    for await (const message of client.callStream('streamRunEvents', {
      params: { runId },
      query: { after },
    })) {
      const event = JSON.parse(message.data) as StreamedEvent
      events.push(event)
      onEvent(event)
    }
    if (TERMINAL.includes(events.at(-1)?.meta.name ?? '')) return events
  }
  return events
}
