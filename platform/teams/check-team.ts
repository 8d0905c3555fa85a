import { Ajv } from 'ajv'
import type { TeamDefinition } from './team-definition.ts'

/**
 * Checks a parsed team definition against what exists: its tools are registered, its output
 * schema is a valid JSON Schema, an agent has tools. Returns every problem, each naming its field.
 */
export const checkTeam = (team: TeamDefinition, known: { hasTool: (name: string) => boolean }): string[] => {
  const problems: string[] = []
  team.tools.forEach((tool, i) => {
    if (!known.hasTool(tool)) problems.push(`tools.${i}: unknown tool "${tool}"`)
  })
  if (team.shape === 'agent' && team.tools.length === 0)
    problems.push('tools: an agent team needs at least one tool')
  if (team.outputSchema) {
    try {
      new Ajv({ strict: false }).compile(team.outputSchema)
    } catch (error) {
      problems.push(`outputSchema: ${(error as Error).message}`)
    }
  }
  return problems
}
