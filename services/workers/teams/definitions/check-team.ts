import { Ajv } from 'ajv'
import { z } from 'zod'
import { templateProblems } from './prompt-template.ts'

/** One thing wrong with a team definition: the dotted path of the field ('' for the whole) and why. */
export interface TeamProblem {
  path: string
  message: string
}

/**
 * The parts of a submitted team the checks read, each kept only when it has the type the checks
 * need, so a definition that fails its schema is still checked field by field.
 */
export const TeamDraft = z
  .object({
    shape: z.string().optional().catch(undefined),
    tools: z.array(z.unknown()).optional().catch(undefined),
    prompt: z
      .union([z.string(), z.object({ prompt: z.string(), version: z.number().optional() }).loose()])
      .optional()
      .catch(undefined),
    module: z.string().optional().catch(undefined),
    export: z.string().optional().catch(undefined),
    outputSchema: z.record(z.string(), z.unknown()).optional().catch(undefined),
  })
  .loose()
  .catch({})
export type TeamDraft = z.infer<typeof TeamDraft>

/** What exists for the tenant a team is written for. */
export interface TeamKnowledge {
  hasTool(name: string): boolean
  /** The text of a stored prompt (its latest version, or `version`); undefined when there is none. */
  promptText(name: string, version?: number): Promise<string | undefined>
  /** Why a custom team may not use this module, or undefined when it may. */
  checkModule(module: string, exportName: string): Promise<string | undefined>
}

const promptProblems = async (prompt: TeamDraft['prompt'], known: TeamKnowledge): Promise<TeamProblem[]> => {
  if (prompt === undefined) return []
  if (typeof prompt === 'string')
    return templateProblems(prompt).map((message) => ({ path: 'prompt', message }))
  const { prompt: name, version } = prompt
  const text = await known.promptText(name, version)
  if (text === undefined)
    return [
      {
        path: 'prompt.prompt',
        message: `prompt "${name}"${version === undefined ? '' : ` version ${version}`} does not exist`,
      },
    ]
  return templateProblems(text).map((message) => ({
    path: 'prompt.prompt',
    message: `prompt "${name}": ${message}`,
  }))
}

/**
 * Checks a team against what exists for its tenant: its tools are registered, its prompt template
 * (inline or stored) parses and uses only known variables, its output schema is a valid JSON
 * Schema, an agent has tools, a custom module may be loaded. Returns every problem, each naming
 * its field; empty when the team may be saved.
 */
export const checkTeam = async (team: TeamDraft, known: TeamKnowledge): Promise<TeamProblem[]> => {
  const problems: TeamProblem[] = []
  team.tools?.forEach((tool, i) => {
    if (typeof tool === 'string' && !known.hasTool(tool))
      problems.push({ path: `tools.${i}`, message: `unknown tool "${tool}"` })
  })
  if (team.shape === 'agent' && (team.tools?.length ?? 0) === 0)
    problems.push({ path: 'tools', message: 'an agent team needs at least one tool' })
  if (team.shape === 'llm' || team.shape === 'agent')
    problems.push(...(await promptProblems(team.prompt, known)))
  if (team.shape === 'custom' && team.module !== undefined) {
    const refused = await known.checkModule(team.module, team.export ?? 'createGraph')
    if (refused) problems.push({ path: 'module', message: refused })
  }
  if (team.outputSchema) {
    try {
      // The workers' options: what is accepted here is what runs. A fresh instance, as a schema's
      // `$id` may be compiled once per instance.
      new Ajv({ strict: false, allErrors: true }).compile(team.outputSchema)
    } catch (error) {
      problems.push({ path: 'outputSchema', message: (error as Error).message })
    }
  }
  return problems
}
