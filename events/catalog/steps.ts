import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { StepId, TeamName } from '../ids.ts'
import { StepAllowance, StepUsage } from './budget.ts'
import { CallCommitments } from './call-commitment.ts'
import { Failure } from './failure.ts'
import { StepOutput } from './plan.ts'

export const StepInput = z.object({ stepId: StepId, output: StepOutput }).strict()
export type StepInput = z.infer<typeof StepInput>

const TaskQueuedV1 = defineEvent({
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

/** A ready step. v2 adds `budget`: what is left of the run's budget for it (ADR 0031). */
export const TaskQueued = TaskQueuedV1.evolve({
  version: 2,
  description: 'A step is ready: a worker should run its team with these inputs, within `budget` when given.',
  data: z
    .object({
      stepId: StepId,
      team: TeamName,
      goal: z.string().min(1).max(2000),
      instruction: z.string().min(1).max(4000),
      inputs: z.array(StepInput),
      budget: StepAllowance.optional(),
    })
    .strict(),
  upcast: (v1) => v1,
})

const StepCompletedV1 = defineEvent({
  name: 'StepCompleted',
  version: 1,
  source: 'chorus.workers',
  description: 'A worker finished a step.',
  data: z.object({ stepId: StepId, output: StepOutput, calls: CallCommitments.optional() }).strict(),
})

/** A finished step. v2 adds `usage`: tokens, tool calls and cost of the step's recorded calls (ADR 0031). */
export const StepCompleted = StepCompletedV1.evolve({
  version: 2,
  description: 'A worker finished a step; with `usage`, what its calls used.',
  data: z
    .object({
      stepId: StepId,
      output: StepOutput,
      calls: CallCommitments.optional(),
      usage: StepUsage.optional(),
    })
    .strict(),
  upcast: (v1) => v1,
})

const StepFailedV1 = defineEvent({
  name: 'StepFailed',
  version: 1,
  source: 'chorus.workers',
  description: 'A worker gave up on a step; carries the error and whether a retry could help.',
  data: z.object({ stepId: StepId, error: Failure, calls: CallCommitments.optional() }).strict(),
})

/** A failed step. v2 adds `usage` (a step a budget stopped used some; ADR 0031). */
export const StepFailed = StepFailedV1.evolve({
  version: 2,
  description:
    'A worker gave up on a step; carries the error, whether a retry could help, and what its calls used.',
  data: z
    .object({
      stepId: StepId,
      error: Failure,
      calls: CallCommitments.optional(),
      usage: StepUsage.optional(),
    })
    .strict(),
  upcast: (v1) => v1,
})

export const StepAborted = defineEvent({
  name: 'StepAborted',
  version: 1,
  source: 'chorus.workers',
  description:
    'A step stopped unfinished because its run was cancelled or had ended; its model and tool calls in flight were aborted.',
  data: z.object({ stepId: StepId, reason: Failure, calls: CallCommitments.optional() }).strict(),
})
