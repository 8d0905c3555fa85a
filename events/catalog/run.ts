import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { ChatId, RunId, StepId } from '../ids.ts'
import { Budget } from './budget.ts'
import { Failure } from './failure.ts'
import { ModelInfo } from './plan.ts'

const RunRequestedV1 = defineEvent({
  name: 'RunRequested',
  version: 1,
  source: 'chorus.api',
  description: 'A user or an outside system asked Chorus to do something.',
  data: z
    .object({
      request: z.string().min(1).max(20_000),
      chatId: ChatId.optional(),
      messageId: z.string().min(1).max(64).optional(),
    })
    .strict(),
})

/**
 * A double-texting decision (ADR 0029): the message came while `activeRunId`, the chat's run, was
 * still going, and `policy` applied. `enqueue`: this run starts once that run ends; `interrupt` and
 * `rollback`: that run (and the queued runs before it) were asked to stop. `reject` makes no run.
 */
export const Multitask = z
  .object({ policy: z.enum(['enqueue', 'interrupt', 'rollback']), activeRunId: RunId })
  .strict()
export type Multitask = z.infer<typeof Multitask>

/**
 * A run was asked for. v2 adds `budget`: the run's effective limits (the request's, within the
 * tenant's ceilings, else the tenant's defaults; ADR 0031). A v1 request had no budget.
 */
const RunRequestedV2 = RunRequestedV1.evolve({
  version: 2,
  description:
    'A user or an outside system asked Chorus to do something; with `budget`, the limits of the run.',
  data: z
    .object({
      request: z.string().min(1).max(20_000),
      chatId: ChatId.optional(),
      messageId: z.string().min(1).max(64).optional(),
      budget: Budget.optional(),
    })
    .strict(),
  upcast: (v1) => v1,
})

/**
 * A run was asked for. v3 adds `multitask`: the double-texting decision its message met (ADR
 * 0029), so the audit re-derives it from the logs. A v2 request was decided unrecorded or alone.
 */
export const RunRequested = RunRequestedV2.evolve({
  version: 3,
  description:
    'A user or an outside system asked Chorus to do something; with `budget`, the limits of the run; with `multitask`, the chat run it met and the policy applied.',
  data: z
    .object({
      request: z.string().min(1).max(20_000),
      chatId: ChatId.optional(),
      messageId: z.string().min(1).max(64).optional(),
      budget: Budget.optional(),
      multitask: Multitask.optional(),
    })
    .strict(),
  upcast: (v2) => v2,
})

export const RunCompleted = defineEvent({
  name: 'RunCompleted',
  version: 1,
  source: 'chorus.supervisor',
  description: 'Every step of the plan completed; carries the final answer.',
  data: z
    .object({
      output: z.string().max(200_000),
      /** The steps whose outputs make up the answer (the plan's sinks). */
      finalSteps: z.array(StepId).min(1),
      model: ModelInfo.optional(),
    })
    .strict(),
})

export const RunFailed = defineEvent({
  name: 'RunFailed',
  version: 1,
  source: 'chorus.supervisor',
  description: 'The run ended without an answer; carries the reason.',
  data: z
    .object({
      reason: Failure,
      stepId: StepId.optional(),
    })
    .strict(),
})
