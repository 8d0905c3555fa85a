import { TeamDefinition } from '../teams/index.ts'
import { type DefinitionStore, makeDefinitionStore, type Versioned } from './definition-store.ts'
import type { ChorusTable } from './table.ts'

export type TeamRecord = Versioned<TeamDefinition>

/** Versioned team definitions of a tenant, by team name. */
export type TeamStore = DefinitionStore<TeamDefinition>

export const makeTeamStore = (table: ChorusTable, clock?: () => Date): TeamStore =>
  makeDefinitionStore(table, 'TEAM', TeamDefinition, clock)
