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
import type { TransactItem } from '#platform/store/index.ts'
import type { Supervisor } from '../core/supervisor.ts'

/**
 * The supervisor's queue consumer: routes each event it subscribes to onto the core. `done` is the
 * consumer's record of this event, stored with the release of the run's lease when the delivery
 * succeeded (see `handledUnderLease`).
 */
export const supervisorConsumer =
  (supervisor: Supervisor) =>
  async (event: Envelope, done?: TransactItem): Promise<void> => {
    if (PlanCreated.is(event)) return supervisor.onPlanCreated(event, done)
    if (StepCompleted.is(event)) return supervisor.onStepCompleted(event, done)
    if (StepFailed.is(event)) return supervisor.onStepFailed(event, done)
    if (PlanRejected.is(event)) return supervisor.onPlanRejected(event)
    if (RunCancelRequested.is(event)) return supervisor.onRunCancelRequested(event, done)
    if (RunResumed.is(event)) return supervisor.onRunResumed(event, done)
    if (ApprovalDecided.is(event)) return supervisor.onApprovalDecided(event, done)
    throw new ChorusError('event.unknownName', `the supervisor does not consume ${event.meta.name}`)
  }

/**
 * True for the events the supervisor handles under its run's lease: one delivery at a time per run,
 * each safe to repeat, so they need no idempotency claim around them, only the record that they are
 * done (written with the release: one write instead of two).
 */
export const handledUnderLease = (event: Envelope): boolean => !PlanRejected.is(event)
