import { z } from 'zod'

/**
 * What the planner sends a model as its user message: the request, the catalogue of teams
 * and the plan's JSON Schema. Plain JSON, so any chat model can read it, and the offline
 * planner (`core/offline-planner.ts`) can plan from it deterministically.
 */
export const PlanningPrompt = z.object({
  task: z.literal('plan'),
  request: z.string(),
  teams: z.array(
    z.object({ name: z.string(), description: z.string(), tools: z.array(z.string()).default([]) }),
  ),
  maxSteps: z.number().int().positive().optional(),
  planSchema: z.record(z.string(), z.unknown()),
  /** Problems with the previous answer, when this is a repair round. */
  problems: z.array(z.string()).optional(),
  /**
   * The chat's earlier turns, when the request continues a conversation ("make it shorter"): the
   * last ones whole, older ones summarised in `earlier` (ADR 0023).
   */
  conversation: z
    .object({
      earlier: z.string().optional(),
      turns: z.array(z.object({ request: z.string(), answer: z.string().optional() })),
    })
    .optional(),
})
export type PlanningPrompt = z.infer<typeof PlanningPrompt>

/** Reads a planning prompt out of a message, if it is one. */
export const readPlanningPrompt = (content: string): PlanningPrompt | undefined => {
  try {
    const parsed = PlanningPrompt.safeParse(JSON.parse(content))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}
