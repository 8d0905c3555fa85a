import { Ajv } from 'ajv'
import type { StepOutput } from '#events'
import { ChorusError } from '#platform/errors/index.ts'

const ajv = new Ajv({ strict: false, allErrors: true })

/** When a team declares an output schema, its output must be JSON that satisfies it. */
export const checkOutput = (
  team: { name: string; outputSchema?: Record<string, unknown> },
  output: StepOutput,
) => {
  if (!team.outputSchema) return output
  let value: unknown
  try {
    value = JSON.parse(output.text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/i, '$1'))
  } catch {
    throw new ChorusError(
      'team.invalidOutput',
      `team ${team.name} must answer JSON matching its output schema`,
    )
  }
  const validate = ajv.compile(team.outputSchema)
  if (!validate(value)) {
    const problems = (validate.errors ?? [])
      .map((e) => `${e.instancePath || '(output)'} ${e.message}`)
      .join('; ')
    throw new ChorusError(
      'team.invalidOutput',
      `team ${team.name} output does not match its schema: ${problems}`,
    )
  }
  return output
}
