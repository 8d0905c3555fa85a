import {
  ApprovalDecided,
  ApprovalRequested,
  type Envelope,
  PlanCreated,
  PlanRejected,
  RunCompleted,
  RunFailed,
  RunRequested,
  RunResumed,
  StepAborted,
  StepCompleted,
  StepFailed,
  TaskQueued,
} from '#events'

/** A run's read model, built only from its events: what a dashboard or an auditor looks at first. */
export interface RunSummary {
  runId: string
  status: 'requested' | 'planned' | 'awaiting_approval' | 'completed' | 'failed'
  request?: string
  goal?: string
  steps: Record<string, { team: string; status: 'planned' | 'queued' | 'completed' | 'failed' | 'aborted' }>
  output?: string
  failure?: { code: string; message: string }
  /** Events applied, and the last one's seq: the projection applies each seq once, in order. */
  events: number
  lastSeq: number
}

export const emptySummary = (runId: string): RunSummary => ({
  runId,
  status: 'requested',
  steps: {},
  events: 0,
  lastSeq: 0,
})

const cancelled = (summary: RunSummary) => summary.failure?.code === 'run.cancelled'

/**
 * Applies one event to a summary (pure; events must come in seq order). A cancel leaves the
 * steps still queued `aborted`, and a step outcome logged after it changes nothing: nothing of
 * a cancelled run shows as completed after the cancel (ADR 0015).
 */
export const reduceRun = (summary: RunSummary, event: Envelope): RunSummary => {
  const next: RunSummary = {
    ...summary,
    steps: { ...summary.steps },
    events: summary.events + 1,
    lastSeq: event.meta.seq,
  }
  if (RunRequested.is(event)) next.request = event.data.request
  if (PlanCreated.is(event)) {
    next.status = 'planned'
    next.goal = event.data.plan.goal
    for (const step of event.data.plan.steps) next.steps[step.id] = { team: step.team, status: 'planned' }
  }
  const step = (id: string, status: RunSummary['steps'][string]['status']) => {
    const known = next.steps[id]
    if (known) next.steps[id] = { ...known, status }
  }
  // A plan that waits for a person (ADR 0023); an approval puts it back to `planned`.
  if (ApprovalRequested.is(event)) next.status = 'awaiting_approval'
  if (ApprovalDecided.is(event) && event.data.decision === 'approve') {
    next.status = 'planned'
    if (event.data.plan) {
      next.goal = event.data.plan.goal
      next.steps = Object.fromEntries(
        event.data.plan.steps.map((s) => [s.id, { team: s.team, status: 'planned' as const }]),
      )
    }
  }
  if (TaskQueued.is(event)) step(event.data.stepId, 'queued')
  if (StepCompleted.is(event) && !cancelled(summary)) step(event.data.stepId, 'completed')
  if (StepFailed.is(event) && !cancelled(summary)) step(event.data.stepId, 'failed')
  if (StepAborted.is(event) && next.steps[event.data.stepId]?.status === 'queued')
    step(event.data.stepId, 'aborted')
  if (PlanRejected.is(event)) next.failure = { code: 'plan.invalid', message: event.data.reasons.join('; ') }
  if (RunCompleted.is(event)) {
    next.status = 'completed'
    next.output = event.data.output
  }
  if (RunFailed.is(event)) {
    next.status = 'failed'
    next.failure = { code: event.data.reason.code, message: event.data.reason.message }
    if (event.data.reason.code === 'run.cancelled')
      for (const [id, known] of Object.entries(next.steps)) if (known.status === 'queued') step(id, 'aborted')
  }
  if (RunResumed.is(event)) {
    // The redrive of the dead letter that failed the run undid that RunFailed.
    next.status = next.goal === undefined ? 'requested' : 'planned'
    delete next.failure
  }
  return next
}
