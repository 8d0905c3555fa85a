import { ChorusError } from '#platform/errors/index.ts'
import type { PromptStore } from '#platform/store/index.ts'
import { type PromptRef, renderTemplate, templateProblems } from './definitions/index.ts'
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
    template = stored.definition.text
    reference = { name: team.prompt.prompt, version: stored.version }
  }
  // Checked when the team was saved; checked again, as a stored prompt may have changed since.
  const [problem] = templateProblems(template)
  if (problem)
    throw new ChorusError(
      'team.failed',
      `team ${team.name}${reference ? ` prompt ${reference.name} v${reference.version}` : ''}: ${problem}`,
    )
  const text = renderTemplate(template, {
    team: team.name,
    goal: task.goal,
    instruction: task.instruction,
    inputs: formatInputs(task.inputs),
  })
  return { text, ...(reference ? { prompt: reference } : {}) }
}
