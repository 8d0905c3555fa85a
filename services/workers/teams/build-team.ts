import { agentTeam } from './agent-team.ts'
import { customTeam } from './custom-team.ts'
import type { TeamDefinition } from './definitions/index.ts'
import { llmTeam } from './llm-team.ts'
import type { Team, TeamDeps } from './team-context.ts'

export { formatInputs, type Team, type TeamDeps, type TeamTask } from './team-context.ts'

/** Builds a runnable team from its definition (data), by shape. */
export const buildTeam = (definition: TeamDefinition, deps: TeamDeps): Team => {
  switch (definition.shape) {
    case 'llm':
      return llmTeam(definition, deps)
    case 'agent':
      return agentTeam(definition, deps)
    case 'custom':
      return customTeam(definition, deps)
  }
}
