import { TriggerDefinition, type TriggerStore } from '../triggers/index.ts'
import { makeDefinitionService } from './definitions.ts'

/** Trigger definitions as versioned data (pattern and template are checked by their schema). */
export const makeTriggers = ({ triggers }: { triggers: TriggerStore }) =>
  makeDefinitionService<TriggerDefinition>(triggers, {
    kind: 'trigger',
    parse: async (_, input) => {
      const parsed = TriggerDefinition.safeParse(input)
      if (parsed.success) return parsed
      return {
        success: false,
        problems: parsed.error.issues.map((i) => ({
          path: i.path.map(String).join('.'),
          message: i.message,
        })),
      }
    },
  })

export type Triggers = ReturnType<typeof makeTriggers>
