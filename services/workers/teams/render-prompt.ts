import { ChorusError } from '#platform/errors/index.ts'
import type { PromptStore } from '#platform/store/index.ts'
import { type PromptRef, renderTemplate, TeamDefinition } from '#platform/teams/index.ts'
import { formatInputs, type TeamTask } from './team-context.ts'

/** The team's template (inline, or a versioned prompt from the store) filled for one task. */
export const renderTeamPrompt = async (
  team: { name: string; prompt: PromptRef },
  task: TeamTask,
  { prompts, tenantId }: { prompts: PromptStore; tenantId: string },
): Promise<{ text: string; prompt?: { name: string; version: number } }> => {
  let template: string
  let reference: { name: string; version: number } | undefined
  if (typeof team.prompt === 'string') template = team.prompt
  else {
    const stored = await prompts.get(tenantId, team.prompt.prompt, team.prompt.version)
    if (!stored)
      throw new ChorusError(
        'team.failed',
        `team ${team.name} uses prompt ${team.prompt.prompt}, which does not exist`,
      )
    // A stored prompt is checked like an inline one, so a bad variable fails here, not in the model.
    const checked = TeamDefinition.safeParse({
      name: team.name,
      description: '-',
      shape: 'llm',
      prompt: stored.definition.text,
    })
    if (!checked.success)
      throw new ChorusError(
        'team.failed',
        `prompt ${team.prompt.prompt}: ${checked.error.issues[0]?.message}`,
      )
    template = stored.definition.text
    reference = { name: team.prompt.prompt, version: stored.version }
  }
  const text = renderTemplate(template, {
    team: team.name,
    goal: task.goal,
    instruction: task.instruction,
    inputs: formatInputs(task.inputs),
  })
  return { text, ...(reference ? { prompt: reference } : {}) }
}
