import {
  ApprovalDecided,
  type Envelope,
  PlanCreated,
  PlanRejected,
  RunCancelRequested,
  RunResumed,
  StepCompleted,
  StepFailed,
} from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import type { Supervisor } from '../core/supervisor.ts'

/** The supervisor's queue consumer: routes each event it subscribes to onto the core. */
export const supervisorConsumer =
  (supervisor: Supervisor) =>
  async (event: Envelope): Promise<void> => {
    if (PlanCreated.is(event)) return supervisor.onPlanCreated(event)
    if (StepCompleted.is(event)) return supervisor.onStepCompleted(event)
    if (StepFailed.is(event)) return supervisor.onStepFailed(event)
    if (PlanRejected.is(event)) return supervisor.onPlanRejected(event)
    if (RunCancelRequested.is(event)) return supervisor.onRunCancelRequested(event)
    if (RunResumed.is(event)) return supervisor.onRunResumed(event)
    if (ApprovalDecided.is(event)) return supervisor.onApprovalDecided(event)
    throw new ChorusError('event.unknownName', `the supervisor does not consume ${event.meta.name}`)
  }
