import { z } from 'zod'
import { TeamName } from '#events'

/** Variables a team's prompt template may use. */
export const TEMPLATE_VARIABLES = ['goal', 'instruction', 'inputs', 'team'] as const

const Template = z
  .string()
  .min(1)
  .max(20_000)
  .superRefine((template, ctx) => {
    for (const [, name] of template.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)) {
      if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name ?? ''))
        ctx.addIssue({
          code: 'custom',
          message: `unknown template variable "${name}" (known: ${TEMPLATE_VARIABLES.join(', ')})`,
        })
    }
  })

/**
 * A team is data: what it is for (the planner reads the description), how it runs, and its
 * prompt. This walking skeleton runs the `llm` shape; `agent` and `custom` come next.
 */
export const TeamDefinition = z
  .object({
    name: TeamName,
    description: z.string().min(1).max(1000),
    shape: z.literal('llm'),
    prompt: Template,
  })
  .strict()
export type TeamDefinition = z.infer<typeof TeamDefinition>

/** Fills `{{variable}}` placeholders; unknown names were rejected when the team was saved. */
export const renderTemplate = (
  template: string,
  values: Record<(typeof TEMPLATE_VARIABLES)[number], string>,
) =>
  template.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (_, name: string) => values[name as keyof typeof values] ?? '')
