import type { TeamStore } from '#platform/store/index.ts'
import { checkTeam, type TeamDefinition } from '#platform/teams/index.ts'
import type { ToolCatalog } from '#platform/tools/index.ts'
import { makeDefinitionService } from './definitions.ts'

export interface TeamsDeps {
  teams: TeamStore
  tools: ToolCatalog
}

/**
 * Team definitions as versioned data. Saving checks them against what exists for the tenant:
 * registered tools, a compilable output schema (template variables are checked by the schema).
 */
export const makeTeams = ({ teams, tools }: TeamsDeps) =>
  makeDefinitionService<TeamDefinition>(teams, {
    kind: 'team',
    check: async (tenantId, team) => {
      const registry = await tools.forTenant(tenantId)
      return checkTeam(team, { hasTool: (name) => registry.has(name) })
    },
  })

export type Teams = ReturnType<typeof makeTeams>
