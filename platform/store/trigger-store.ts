import { TriggerDefinition } from '../triggers/index.ts'
import { type DefinitionStore, makeDefinitionStore, type Versioned } from './definition-store.ts'
import type { ChorusTable } from './table.ts'

export type TriggerRecord = Versioned<TriggerDefinition>

/** Versioned trigger definitions of a tenant, by trigger name. */
export type TriggerStore = DefinitionStore<TriggerDefinition>

export const makeTriggerStore = (table: ChorusTable, clock?: () => Date): TriggerStore =>
  makeDefinitionStore(table, 'TRIGGER', TriggerDefinition, clock)
