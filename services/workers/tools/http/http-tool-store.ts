import { type ChorusTable, type DefinitionStore, makeDefinitionStore } from '#platform/store/index.ts'
import { HttpToolDefinition } from './http-tool-definition.ts'

/** Versioned HTTP/API tool definitions of a tenant, by tool name. */
export type HttpToolStore = DefinitionStore<HttpToolDefinition>

export const makeHttpToolStore = (table: ChorusTable, clock?: () => Date): HttpToolStore =>
  makeDefinitionStore(table, 'TOOL', HttpToolDefinition, clock)
