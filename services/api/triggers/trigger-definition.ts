import { z } from 'zod'
import { type EventPatternNode, patternProblems, TriggerName } from '#events'

/** Variables a request template may use: the event's fields, and any path inside its detail. */
export const TRIGGER_VARIABLES = ['source', 'detailType', 'time', 'eventId', 'detail'] as const

/** `{{name}}` or `{{detail.path.to.field}}`. */
export const TRIGGER_VARIABLE = /\{\{\s*([^}\s]+)\s*\}\}/g

/** EventBridge caps a rule pattern at 2048 characters; a trigger pattern follows the same rule. */
export const MAX_PATTERN_CHARS = 2048

/** Every problem of a template's variables, e.g. `unknown template variable "amount" (…)`. */
export const templateProblems = (template: string): string[] =>
  [...template.matchAll(TRIGGER_VARIABLE)].flatMap(([, variable = '']) => {
    const [root = '', ...path] = variable.split('.')
    if (!(TRIGGER_VARIABLES as readonly string[]).includes(root))
      return [
        `unknown template variable "${variable}" (known: ${TRIGGER_VARIABLES.join(', ')}, detail.<path>)`,
      ]
    if (root !== 'detail' && path.length > 0)
      return [`template variable "${variable}": ${root} has no fields`]
    if (path.some((part) => part === '')) return [`template variable "${variable}": empty path segment`]
    return []
  })

/** An EventBridge pattern, checked for shape and size. */
export const TriggerPattern = z
  .record(z.string(), z.unknown())
  .superRefine((pattern, ctx) => {
    for (const message of patternProblems(pattern)) ctx.addIssue({ code: 'custom', message })
    const size = JSON.stringify(pattern).length
    if (size > MAX_PATTERN_CHARS)
      ctx.addIssue({ code: 'custom', message: `is ${size} characters, over the ${MAX_PATTERN_CHARS} limit` })
  })
  .transform((pattern) => pattern as EventPatternNode)

/**
 * A trigger is data: when an external event matches `pattern` (EventBridge syntax, matched
 * against `{ source, detail-type, detail, time, id }`), Chorus starts a run whose request is
 * `request` filled with the event's fields.
 */
export const TriggerDefinition = z
  .object({
    name: TriggerName,
    description: z.string().min(1).max(1000).optional(),
    enabled: z.boolean().default(true),
    pattern: TriggerPattern,
    request: z
      .string()
      .min(1)
      .max(20_000)
      .superRefine((template, ctx) => {
        for (const message of templateProblems(template)) ctx.addIssue({ code: 'custom', message })
      }),
  })
  .strict()
export type TriggerDefinition = z.infer<typeof TriggerDefinition>
