import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import type { Envelope } from '../envelope.ts'
import { ApprovalRequirement } from './approval.ts'
import { CallCommitments } from './call-commitment.ts'
import { ModelInfo, Plan } from './plan.ts'

export const PlanCreated = defineEvent({
  name: 'PlanCreated',
  version: 1,
  source: 'chorus.planner',
  description: 'The planner produced a valid plan for the run.',
  data: z.object({ plan: Plan, model: ModelInfo, calls: CallCommitments.optional() }).strict(),
})

/** v2 adds `approval`: the plan must wait for a person before any step runs (ADR 0023). */
export const PlanCreatedV2 = defineEvent({
  name: 'PlanCreated',
  version: 2,
  source: 'chorus.planner',
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
})

/** A PlanCreated of any version (v1 has no `approval`). */
export type AnyPlanCreated = Envelope<'PlanCreated', z.infer<(typeof PlanCreatedV2)['data']>>
export const isPlanCreated = (event: Envelope): event is AnyPlanCreated =>
  PlanCreated.is(event) || PlanCreatedV2.is(event)

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
