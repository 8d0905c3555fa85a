import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { StepId, TeamName } from '../ids.ts'
import { CallCommitments } from './call-commitment.ts'
import { Failure } from './failure.ts'
import { StepOutput } from './plan.ts'

export const StepInput = z.object({ stepId: StepId, output: StepOutput }).strict()
export type StepInput = z.infer<typeof StepInput>

export const TaskQueued = defineEvent({
  name: 'TaskQueued',
  version: 1,
  source: 'chorus.supervisor',
  description: 'A step is ready: a worker should run its team with these inputs.',
  data: z
    .object({
      stepId: StepId,
      team: TeamName,
      /** The plan's goal, so a step knows what the whole run is for. */
      goal: z.string().min(1).max(2000),
      instruction: z.string().min(1).max(4000),
      /** Outputs of the steps this one depends on, in plan order. */
      inputs: z.array(StepInput),
    })
    .strict(),
})

export const StepCompleted = defineEvent({
  name: 'StepCompleted',
  version: 1,
  source: 'chorus.workers',
  description: 'A worker finished a step.',
  data: z.object({ stepId: StepId, output: StepOutput, calls: CallCommitments.optional() }).strict(),
})

export const StepFailed = defineEvent({
  name: 'StepFailed',
  version: 1,
  source: 'chorus.workers',
  description: 'A worker gave up on a step; carries the error and whether a retry could help.',
  data: z.object({ stepId: StepId, error: Failure, calls: CallCommitments.optional() }).strict(),
})

export const StepAborted = defineEvent({
  name: 'StepAborted',
  version: 1,
  source: 'chorus.workers',
  description:
    'A step stopped unfinished because its run was cancelled or had ended; its model and tool calls in flight were aborted.',
  data: z.object({ stepId: StepId, reason: Failure, calls: CallCommitments.optional() }).strict(),
})
