/** Variables a team's prompt template may use. */
export const TEMPLATE_VARIABLES = ['goal', 'instruction', 'inputs', 'team'] as const
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]

const NAME = '[A-Za-z_][\\w.]*'
/** A placeholder: `{{name}}`, spaces allowed inside the braces. */
const PLACEHOLDER = new RegExp(`\\{\\{\\s*(${NAME})\\s*\\}\\}`, 'g')
const PLACEHOLDER_HERE = new RegExp(`^\\{\\{\\s*(${NAME})\\s*\\}\\}`)

/**
 * Parses a prompt template: every `{{` must open a placeholder `{{name}}` and every name must be
 * one of {@link TEMPLATE_VARIABLES}. Returns each problem once, empty when the template is sound.
 * @example templateProblems('Hi {{customer}}') // ['unknown template variable "customer" (known: …)']
 */
export const templateProblems = (template: string): string[] => {
  const problems = new Set<string>()
  let at = template.indexOf('{{')
  while (at !== -1) {
    const placeholder = PLACEHOLDER_HERE.exec(template.slice(at))
    const name = placeholder?.[1]
    if (!placeholder || name === undefined) {
      problems.add(`"{{" at character ${at + 1} does not open a placeholder like {{goal}}`)
      at = template.indexOf('{{', at + 2)
      continue
    }
    if (!(TEMPLATE_VARIABLES as readonly string[]).includes(name))
      problems.add(`unknown template variable "${name}" (known: ${TEMPLATE_VARIABLES.join(', ')})`)
    at = template.indexOf('{{', at + placeholder[0].length)
  }
  return [...problems]
}

/** Fills `{{variable}}` placeholders of a template that `templateProblems` found sound. */
export const renderTemplate = (template: string, values: Record<TemplateVariable, string>) =>
  template.replace(PLACEHOLDER, (_, name: string) => values[name as TemplateVariable] ?? '')
