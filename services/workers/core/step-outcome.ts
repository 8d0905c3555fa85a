import {
  type CallCommitment,
  type causedBy,
  type Failure,
  StepAborted,
  StepCompleted,
  StepFailed,
  type StepUsage,
} from '#events'
import type { StepOutcome, StepRecord } from '#platform/store/index.ts'
import type { StopReason } from './watch-run.ts'

type Context = ReturnType<typeof causedBy> & { eventId?: string }

/** The event that reports a step's outcome, committing to the digests of the step's calls, with their usage. */
export const outcomeDraft = (
  stepId: string,
  outcome: StepOutcome,
  context: Context,
  { calls, usage }: { calls: CallCommitment[]; usage: StepUsage },
) => {
  switch (outcome.status) {
    case 'completed':
      return StepCompleted.draft({ stepId, output: outcome.output, calls, usage }, context)
    case 'failed':
      return StepFailed.draft({ stepId, error: outcome.error, calls, usage }, context)
    case 'aborted':
      return StepAborted.draft({ stepId, reason: outcome.error, calls }, context)
  }
}

/** A finished step's stored outcome, re-published under the event id it was stored with. */
export const storedOutcomeDraft = (
  step: StepRecord,
  context: Context,
  read: { calls: CallCommitment[]; usage: StepUsage },
) => {
  const withId = { ...context, ...(step.resultEventId ? { eventId: step.resultEventId } : {}) }
  const error: Failure = step.error ?? { code: 'step.failed', message: 'the step failed', retryable: false }
  const outcome: StepOutcome =
    step.status === 'completed' && step.output
      ? { status: 'completed', output: step.output }
      : { status: step.status === 'aborted' ? 'aborted' : 'failed', error }
  return outcomeDraft(step.stepId, outcome, withId, read)
}

/** The outcome of a step its worker stopped: the run was cancelled, or ended otherwise. */
export const abortedOutcome = (reason: StopReason): StepOutcome => ({
  status: 'aborted',
  error:
    reason === 'cancelled'
      ? {
          code: 'run.cancelled',
          message: 'the run was cancelled before this step finished',
          retryable: false,
        }
      : { code: 'run.ended', message: 'the run ended before this step finished', retryable: false },
})
