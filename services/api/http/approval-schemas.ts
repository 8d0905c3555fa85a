import { z } from 'zod'
import { RunId } from '#events'

/** Request and answer of `POST /runs/{runId}/approval` (ADR 0023). */

export const ApprovalBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().min(1).max(1000).optional(),
    plan: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'an edited plan to run instead of the planner\'s, only with "approve": `{ goal, steps: [{ id, team, instruction, dependsOn }] }` (the Plan of PlanCreated v2 in GET /events/schemas), checked exactly as the planner checks one (schema, DAG, known teams, step limit); every problem in one 400 plan.invalid',
      ),
  })
  .strict()

const Actor = z.object({
  kind: z.enum(['user', 'apiKey', 'external', 'system']),
  id: z.string(),
  sourceIp: z.string().optional(),
})

export const ApprovalAnswer = z.object({
  runId: RunId,
  decision: z.enum(['approve', 'reject', 'timeout']),
  actor: Actor,
  decidedAt: z.string(),
  reason: z.string().optional(),
  edited: z.boolean(),
})
