import {
  type CallCommitment,
  PlanCreated,
  PlanRejected,
  StepAborted,
  StepCompleted,
  StepFailed,
} from './catalog/index.ts'
import type { Envelope } from './envelope.ts'

/**
 * The model and tool calls an event commits to by digest (ADR 0019), under the step they belong to
 * (the planner's are `@planner`); undefined for an event that commits to none, including one logged
 * before events carried commitments.
 */
export const callCommitmentsOf = (
  event: Envelope,
): { stepId: string; calls: readonly CallCommitment[] } | undefined => {
  if (StepCompleted.is(event) || StepFailed.is(event) || StepAborted.is(event))
    return event.data.calls ? { stepId: event.data.stepId, calls: event.data.calls } : undefined
  if (PlanCreated.is(event) || PlanRejected.is(event))
    return event.data.calls ? { stepId: '@planner', calls: event.data.calls } : undefined
  return undefined
}
