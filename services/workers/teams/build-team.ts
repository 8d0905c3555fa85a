import { HumanMessage } from '@langchain/core/messages'
import type { StepInput, StepOutput } from '#events'
import type { ModelProvider } from '#platform/models/index.ts'
import { renderTemplate, type TeamDefinition } from '#platform/teams/index.ts'

/** The work a team is given for one step. */
export interface TeamTask {
  goal: string
  instruction: string
  inputs: StepInput[]
}

export interface Team {
  run(task: TeamTask): Promise<StepOutput>
}

export interface TeamDeps {
  models: ModelProvider
}

/** Earlier outputs as the `{{inputs}}` variable: one line per step, or `(none)`. */
export const formatInputs = (inputs: readonly StepInput[]): string =>
  inputs.length === 0 ? '(none)' : inputs.map((i) => `- [${i.stepId}] ${i.output.text}`).join('\n')

/**
 * Builds a runnable team from its definition (data). The walking skeleton knows the `llm`
 * shape: render the prompt template, call the model once, return its text and usage.
 */
export const buildTeam = (definition: TeamDefinition, { models }: TeamDeps): Team => {
  const { model } = models.chatModel({ service: 'workers', team: definition.name })
  return {
    run: async (task) => {
      const prompt = renderTemplate(definition.prompt, {
        team: definition.name,
        goal: task.goal,
        instruction: task.instruction,
        inputs: formatInputs(task.inputs),
      })
      const reply = await model.invoke([new HumanMessage(prompt)])
      const usage = reply.usage_metadata
      return {
        text: reply.text,
        usage: {
          inputTokens: usage?.input_tokens ?? 0,
          outputTokens: usage?.output_tokens ?? 0,
          toolCalls: 0,
        },
      }
    },
  }
}
