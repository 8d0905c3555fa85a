import { type GraphStep, Plan, planGraphIssues } from '#events'

export type PlanValidation = { success: true; plan: Plan } | { success: false; problems: string[] }

export interface PlanRules {
  knownTeams: ReadonlySet<string>
  maxSteps: number
}

type Issue = { path: readonly PropertyKey[]; message: string }

/**
 * Validates a model's answer and reports every problem it finds in one round, so a repair prompt
 * sees them all: the plan schema (shape and types), the graph (unique ids, known and acyclic
 * `dependsOn`) and the registry (known teams, the step budget). The graph and registry checks
 * read whatever steps can be read, also when the shape is wrong (a missing `goal` hides nothing).
 */
export const validatePlan = (answer: string, rules: PlanRules): PlanValidation => {
  let json: unknown
  try {
    json = JSON.parse(stripFences(answer))
  } catch (error) {
    return { success: false, problems: [`the answer is not valid JSON (${(error as Error).message})`] }
  }
  return validatePlanValue(json, rules)
}

/**
 * The same checks on a plan already parsed from JSON: what a person's edited plan goes through when
 * it is approved (ADR 0023), so it is held to exactly the planner's rules.
 */
export const validatePlanValue = (json: unknown, rules: PlanRules): PlanValidation => {
  const parsed = Plan.safeParse(json)
  const steps = readSteps(json)
  const problems = [
    ...new Set(
      [
        ...(parsed.success ? [] : parsed.error.issues),
        ...graphIssues(steps),
        ...registryIssues(steps, rules),
      ].map(({ path, message }) => `${path.map(String).join('.') || '(root)'}: ${message}`),
    ),
  ]
  return parsed.success && problems.length === 0
    ? { success: true, plan: parsed.data }
    : { success: false, problems }
}

/** What can be read of each step of any JSON value: id, team and the string entries of `dependsOn`. */
type ReadStep = { id?: string; team?: string; dependsOn: string[] }

const readSteps = (json: unknown): ReadStep[] | undefined => {
  const steps = (json as { steps?: unknown } | null)?.steps
  if (!Array.isArray(steps)) return undefined
  return steps.map((raw: unknown) => {
    const step = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>
    return {
      ...(typeof step.id === 'string' ? { id: step.id } : {}),
      ...(typeof step.team === 'string' ? { team: step.team } : {}),
      dependsOn: Array.isArray(step.dependsOn)
        ? step.dependsOn.filter((d): d is string => typeof d === 'string')
        : [],
    }
  })
}

/** Graph checks over the steps that have an id, with paths pointing at their place in the answer. */
const graphIssues = (steps: ReadStep[] | undefined): Issue[] => {
  if (!steps) return []
  const places: number[] = []
  const readable: GraphStep[] = []
  steps.forEach((step, i) => {
    if (step.id === undefined) return
    places.push(i)
    readable.push({ id: step.id, dependsOn: step.dependsOn })
  })
  return planGraphIssues(readable).map(({ path, message }) => {
    const [head, at, ...rest] = path
    return head === 'steps' && typeof at === 'number'
      ? { path: [head, places[at] ?? at, ...rest], message }
      : { path, message }
  })
}

/** Every step names a team of the tenant's registry; the plan stays within the step budget. */
const registryIssues = (steps: ReadStep[] | undefined, { knownTeams, maxSteps }: PlanRules): Issue[] => {
  if (!steps) return []
  const known = [...knownTeams].sort().join(', ')
  const budget: Issue[] =
    steps.length > maxSteps
      ? [{ path: ['steps'], message: `${steps.length} steps exceed the limit of ${maxSteps}` }]
      : []
  return budget.concat(
    steps.flatMap((step, i) =>
      step.team === undefined || knownTeams.has(step.team)
        ? []
        : [{ path: ['steps', i, 'team'], message: `unknown team "${step.team}" (known: ${known})` }],
    ),
  )
}

/** Models often wrap JSON in a Markdown fence even when told not to. */
const stripFences = (text: string) => text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1')
