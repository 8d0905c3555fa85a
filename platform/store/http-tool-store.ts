import { HttpToolDefinition } from '../tools/http/http-tool-definition.ts'
import { type DefinitionStore, makeDefinitionStore } from './definition-store.ts'
import type { ChorusTable } from './table.ts'

/** Versioned HTTP/API tool definitions of a tenant, by tool name. */
export type HttpToolStore = DefinitionStore<HttpToolDefinition>

export const makeHttpToolStore = (table: ChorusTable, clock?: () => Date): HttpToolStore =>
  makeDefinitionStore(table, 'TOOL', HttpToolDefinition, clock)
