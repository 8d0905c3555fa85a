import type { TriggerStore } from '#platform/store/index.ts'
import type { TriggerDefinition } from '#platform/triggers/index.ts'
import { makeDefinitionService } from './definitions.ts'

/** Trigger definitions as versioned data (pattern and template are checked by their schema). */
export const makeTriggers = ({ triggers }: { triggers: TriggerStore }) =>
  makeDefinitionService<TriggerDefinition>(triggers, { kind: 'trigger' })

export type Triggers = ReturnType<typeof makeTriggers>
