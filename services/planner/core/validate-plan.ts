import { Plan } from '#events'

export type PlanValidation = { success: true; plan: Plan } | { success: false; problems: string[] }

/**
 * Validates a model's answer: JSON, then the plan schema (shape, unique ids, known and
 * acyclic dependencies, limits), then the registry (every team exists) and the step budget.
 */
export const validatePlan = (
  answer: string,
  { knownTeams, maxSteps }: { knownTeams: ReadonlySet<string>; maxSteps: number },
): PlanValidation => {
  let json: unknown
  try {
    json = JSON.parse(stripFences(answer))
  } catch (error) {
    return { success: false, problems: [`the answer is not valid JSON (${(error as Error).message})`] }
  }
  const parsed = Plan.safeParse(json)
  if (!parsed.success)
    return {
      success: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    }
  const tooMany =
    parsed.data.steps.length > maxSteps
      ? [`steps: ${parsed.data.steps.length} steps exceed the limit of ${maxSteps}`]
      : []
  const problems = tooMany.concat(
    parsed.data.steps.flatMap((step, i) =>
      knownTeams.has(step.team)
        ? []
        : [`steps.${i}.team: unknown team "${step.team}" (known: ${[...knownTeams].sort().join(', ')})`],
    ),
  )
  return problems.length > 0 ? { success: false, problems } : { success: true, plan: parsed.data }
}

/** Models often wrap JSON in a Markdown fence even when told not to. */
const stripFences = (text: string) => text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1')
