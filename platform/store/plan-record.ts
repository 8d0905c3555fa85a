import type { z } from 'zod'
import { ApprovalRequirement, ModelInfo, Plan } from '#events'
import type { PlanItem } from './stored-items.ts'

export interface PlanRecord {
  plan: Plan
  model: ModelInfo
  eventId: string
  createdAt: string
  /** 1: the planner's plan; 2: the plan a person edited when approving it. */
  revision: number
  /** Why the planner's plan must wait for a person; absent when it need not. */
  approval?: ApprovalRequirement
}

/** A plan revision's item as its record shows it: plan, model and approval checked as they are read back. */
export const toPlanRecord = (item: z.output<typeof PlanItem>): PlanRecord => ({
  plan: Plan.parse(JSON.parse(item.planJson)),
  model: ModelInfo.parse(JSON.parse(item.modelJson)),
  eventId: item.eventId,
  createdAt: item.createdAt,
  revision: item.revision,
  ...(item.approvalJson ? { approval: ApprovalRequirement.parse(JSON.parse(item.approvalJson)) } : {}),
})
