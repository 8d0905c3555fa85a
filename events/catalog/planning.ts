import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { ApprovalRequirement } from './approval.ts'
import { CallCommitments } from './call-commitment.ts'
import { ModelInfo, Plan } from './plan.ts'

const PlanCreatedV1 = defineEvent({
  name: 'PlanCreated',
  version: 1,
  source: 'chorus.planner',
  description: 'The planner produced a valid plan for the run.',
  data: z.object({ plan: Plan, model: ModelInfo, calls: CallCommitments.optional() }).strict(),
})

/**
 * The planner produced a plan. v2 adds `approval`: the plan must wait for a person before any step
 * runs (ADR 0023). A v1 plan required no approval, so it reads as a v2 without one.
 */
export const PlanCreated = PlanCreatedV1.evolve({
  version: 2,
  description:
    'The planner produced a valid plan for the run; with `approval`, the run waits for a decision before any step runs.',
  data: z
    .object({
      plan: Plan,
      model: ModelInfo,
      calls: CallCommitments.optional(),
      approval: ApprovalRequirement.optional(),
    })
    .strict(),
  upcast: (v1) => v1,
})

export const PlanRejected = defineEvent({
  name: 'PlanRejected',
  version: 1,
  source: 'chorus.planner',
  description: 'No valid plan could be produced; carries every validation problem.',
  data: z
    .object({
      reasons: z.array(z.string().min(1).max(2000)).min(1).max(50),
      /** Model rounds spent; 0 when the planner refused before asking a model (no team to plan with). */
      attempts: z.number().int().nonnegative(),
      /** The model asked; absent when none was. */
      model: ModelInfo.optional(),
      calls: CallCommitments.optional(),
    })
    .strict(),
})
