import { HumanMessage } from '@langchain/core/messages'
import { checkOutput } from './check-output.ts'
import type { TeamDefinition } from './definitions/index.ts'
import { renderTeamPrompt } from './render-prompt.ts'
import type { Team, TeamDeps } from './team-context.ts'

type LlmTeam = Extract<TeamDefinition, { shape: 'llm' }>

/** `llm`: fill the prompt template, call the model once, check the output against the schema. */
export const llmTeam = (team: LlmTeam, deps: TeamDeps): Team => ({
  run: async (task, call) => {
    const { text, prompt } = await renderTeamPrompt(team, task, {
      prompts: deps.prompts,
      tenantId: call.tenantId,
    })
    const answer = await deps.invoke({
      purpose: {
        service: 'workers',
        team: team.name,
        ...(team.model?.name ? { model: team.model.name } : {}),
      },
      messages: [new HumanMessage(text)],
      ...(team.outputSchema ? { json: { name: 'output', schema: team.outputSchema } } : {}),
      call: { ...call, ...(prompt ? { prompt } : {}) },
    })
    const usage = {
      inputTokens: answer.usage.inputTokens,
      outputTokens: answer.usage.outputTokens,
      toolCalls: 0,
    }
    return checkOutput(team, { text: answer.unreadable ? '' : answer.text, usage })
  },
})
