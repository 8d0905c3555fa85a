import {
  type ChorusTable,
  type DefinitionStore,
  makeDefinitionStore,
  type Versioned,
} from '#platform/store/index.ts'
import { TeamDefinition } from './team-definition.ts'

export type TeamRecord = Versioned<TeamDefinition>

/** Versioned team definitions of a tenant, by team name. */
export type TeamStore = DefinitionStore<TeamDefinition>

export const makeTeamStore = (table: ChorusTable, clock?: () => Date): TeamStore =>
  makeDefinitionStore(table, 'TEAM', TeamDefinition, clock)
