import { checkTeam, TeamDraft, type TeamKnowledge, type TeamProblem } from './check-team.ts'
import { TeamDefinition } from './team-definition.ts'

export type TeamValidation =
  | { success: true; data: TeamDefinition }
  | { success: false; problems: TeamProblem[] }

/**
 * Reads a submitted team whole: its schema and every check against what exists for the tenant
 * (`checkTeam`) run together, so one answer lists every problem, each once, with its field path.
 * A definition that fails its schema is still checked field by field (`TeamDraft`).
 */
export const validateTeam = async (input: unknown, known: TeamKnowledge): Promise<TeamValidation> => {
  const parsed = TeamDefinition.safeParse(input)
  const problems: TeamProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }))
  const seen = new Set(problems.map((p) => `${p.path}: ${p.message}`))
  for (const problem of await checkTeam(parsed.success ? parsed.data : TeamDraft.parse(input), known))
    if (!seen.has(`${problem.path}: ${problem.message}`)) problems.push(problem)
  if (parsed.success && problems.length === 0) return { success: true, data: parsed.data }
  return { success: false, problems }
}
