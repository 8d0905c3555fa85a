import { isDeepStrictEqual } from 'node:util'
import type { PromptStore } from '#platform/store/index.ts'
import {
  DEMO_TEAMS,
  type TeamDefinition,
  type TeamKnowledge,
  type TeamStore,
  type ToolCatalog,
  validateTeam,
} from '#services/workers/index.ts'
import { makeDefinitionService, recordOf } from './definitions.ts'

/** The custom team modules this deployment may load (the workers' module loader). */
export interface TeamModules {
  /** Why a team may not use this module, or undefined when it may. */
  check(module: string, exportName: string): Promise<string | undefined>
}

export interface TeamsDeps {
  teams: TeamStore
  prompts: PromptStore
  tools: ToolCatalog
  modules: TeamModules
}

/**
 * Team definitions as versioned data. A team is read whole against what exists for the tenant:
 * registered tools (built-in and the tenant's HTTP tools), prompt templates (inline or stored)
 * that parse and use known variables, a valid output schema, a module the loader may load.
 */
export const makeTeams = ({ teams, prompts, tools, modules }: TeamsDeps) => {
  const knowledgeOf = async (tenantId: string): Promise<TeamKnowledge> => {
    const registry = await tools.forTenant(tenantId)
    return {
      hasTool: (name) => registry.has(name),
      promptText: async (name, version) => (await prompts.get(tenantId, name, version))?.definition.text,
      checkModule: (module, exportName) => modules.check(module, exportName),
    }
  }
  const service = makeDefinitionService<TeamDefinition>(teams, {
    kind: 'team',
    parse: async (tenantId, input) => validateTeam(input, await knowledgeOf(tenantId)),
  })
  return {
    ...service,
    /**
     * Restores the default teams (`DEMO_TEAMS`): a default that was deleted or changed gets a new
     * version with its default definition; one still as shipped is left alone. Other teams stay.
     */
    reset: async (tenantId: string) =>
      Promise.all(
        DEMO_TEAMS.map(async (team) => {
          const current = await teams.get(tenantId, team.name)
          const same = current !== undefined && isDeepStrictEqual(current.definition, team)
          return recordOf(team.name, same ? current : await teams.save(tenantId, team.name, team))
        }),
      ),
  }
}

export type Teams = ReturnType<typeof makeTeams>
