import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { EventId, RunId } from '../ids.ts'

const RunCancelRequestedV1 = defineEvent({
  name: 'RunCancelRequested',
  version: 1,
  source: 'chorus.api',
  description:
    'Someone asked to stop a run; the supervisor ends it with RunFailed (code run.cancelled) unless it ended already.',
  data: z.object({ reason: z.string().min(1).max(1000) }).strict(),
})

/**
 * A run was asked to stop. v2 adds `by`: a later message of the same chat replaced it (ADR 0029),
 * the run of that message and its policy, so the audit checks the decision against that run's log.
 */
export const RunCancelRequested = RunCancelRequestedV1.evolve({
  version: 2,
  description:
    'Someone asked to stop a run; with `by`, the run of a later message of its chat that interrupted or rolled it back. The supervisor ends it with RunFailed (code run.cancelled) unless it ended already.',
  data: z
    .object({
      reason: z.string().min(1).max(1000),
      by: z
        .object({ runId: RunId, policy: z.enum(['interrupt', 'rollback']) })
        .strict()
        .optional(),
    })
    .strict(),
  upcast: (v1) => v1,
})

export const RunResumed = defineEvent({
  name: 'RunResumed',
  version: 1,
  source: 'chorus.api',
  description:
    'A run that failed only because a queue gave up on one of its messages goes on: someone redrove that dead letter. Undoes the RunFailed it names; the supervisor picks the run up where it stopped.',
  data: z
    .object({
      /** The RunFailed this resumption undoes. */
      failedEventId: EventId,
      /** The dead-lettered event put back on its queue. */
      redriven: z
        .object({ eventId: EventId, name: z.string().min(1).max(64), consumer: z.string().min(1).max(32) })
        .strict(),
    })
    .strict(),
})
