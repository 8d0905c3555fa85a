import { z } from 'zod'
import { StepId, TeamName } from '../ids.ts'

export const PlanStep = z
  .object({
    id: StepId,
    team: TeamName,
    instruction: z.string().min(1).max(4000),
    dependsOn: z.array(StepId).max(20).default([]),
  })
  .strict()
export type PlanStep = z.infer<typeof PlanStep>

/** Limits that every plan respects, whoever wrote it. */
export const PLAN_LIMITS = { maxSteps: 20 } as const

/**
 * A plan: a DAG of steps, each naming a team. Structure (unique ids, known and acyclic
 * dependencies) is part of the schema, so no event can carry a plan that cannot run.
 */
export const Plan = z
  .object({
    goal: z.string().min(1).max(2000),
    steps: z.array(PlanStep).min(1).max(PLAN_LIMITS.maxSteps),
  })
  .strict()
  .superRefine((plan, ctx) => {
    for (const issue of planGraphIssues(plan.steps)) ctx.addIssue({ code: 'custom', ...issue })
  })
export type Plan = z.infer<typeof Plan>

interface GraphIssue {
  path: (string | number)[]
  message: string
}

/** What the graph checks read of a step (a whole `PlanStep`, or what could be read of a malformed one). */
export interface GraphStep {
  id: string
  dependsOn: readonly string[]
}

/** Unique ids, known dependencies, no self-dependency, no cycle: every problem found, not only the first kind. */
export const planGraphIssues = (steps: readonly GraphStep[]): GraphIssue[] => {
  const issues: GraphIssue[] = []
  const index = new Map<string, number>()
  steps.forEach((step, i) => {
    if (index.has(step.id))
      issues.push({ path: ['steps', i, 'id'], message: `duplicate step id "${step.id}"` })
    else index.set(step.id, i)
  })
  steps.forEach((step, i) => {
    step.dependsOn.forEach((dep, j) => {
      if (dep === step.id)
        issues.push({ path: ['steps', i, 'dependsOn', j], message: `step "${dep}" depends on itself` })
      else if (!index.has(dep))
        issues.push({ path: ['steps', i, 'dependsOn', j], message: `unknown step "${dep}"` })
    })
  })
  const cycle = findCycle(steps)
  if (cycle) issues.push({ path: ['steps'], message: `dependency cycle: ${cycle.join(' -> ')}` })
  return issues
}

const findCycle = (steps: readonly GraphStep[]): string[] | undefined => {
  // A self-dependency is reported on its own; it is left out here so it is not reported twice.
  const deps = new Map(steps.map((s) => [s.id, s.dependsOn.filter((dep) => dep !== s.id)]))
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (id: string, trail: string[]): string[] | undefined => {
    if (state.get(id) === 'done') return undefined
    if (state.get(id) === 'visiting') return [...trail.slice(trail.indexOf(id)), id]
    state.set(id, 'visiting')
    for (const dep of deps.get(id) ?? []) {
      const cycle = visit(dep, [...trail, id])
      if (cycle) return cycle
    }
    state.set(id, 'done')
    return undefined
  }
  for (const step of steps) {
    const cycle = visit(step.id, [])
    if (cycle) return cycle
  }
  return undefined
}

/** Where the whole of a large output is kept (the blob store), when `text` is only its beginning. */
export const OutputRef = z
  .object({
    key: z.string().min(1).max(512),
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict()
export type OutputRef = z.infer<typeof OutputRef>

/** What a step produced; what later steps receive as input. A large output travels by `ref`. */
export const StepOutput = z
  .object({
    text: z.string().max(200_000),
    ref: OutputRef.optional(),
    usage: z
      .object({
        inputTokens: z.number().int().nonnegative(),
        outputTokens: z.number().int().nonnegative(),
        toolCalls: z.number().int().nonnegative(),
      })
      .strict()
      .optional(),
  })
  .strict()
export type StepOutput = z.infer<typeof StepOutput>

export const ModelInfo = z
  .object({ provider: z.string().min(1), model: z.string().min(1), offline: z.boolean() })
  .strict()
export type ModelInfo = z.infer<typeof ModelInfo>
