import {
  type ChorusTable,
  type DefinitionStore,
  makeDefinitionStore,
  type Versioned,
} from '#platform/store/index.ts'
import { TriggerDefinition } from './trigger-definition.ts'

export type TriggerRecord = Versioned<TriggerDefinition>

/** Versioned trigger definitions of a tenant, by trigger name. */
export type TriggerStore = DefinitionStore<TriggerDefinition>

export const makeTriggerStore = (table: ChorusTable, clock?: () => Date): TriggerStore =>
  makeDefinitionStore(table, 'TRIGGER', TriggerDefinition, clock)
