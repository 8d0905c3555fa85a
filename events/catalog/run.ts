import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { ChatId, StepId } from '../ids.ts'
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
 * A run was asked for. v2 adds `budget`: the run's effective limits (the request's, within the
 * tenant's ceilings, else the tenant's defaults; ADR 0031). A v1 request had no budget.
 */
export const RunRequested = RunRequestedV1.evolve({
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
