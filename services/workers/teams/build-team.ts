import { HumanMessage } from '@langchain/core/messages'
import type { StepInput, StepOutput } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import type { InvokeModel, ModelCallContext } from '#platform/models/index.ts'
import { renderTemplate, type TeamDefinition } from '#platform/teams/index.ts'

/** The work a team is given for one step. */
export interface TeamTask {
  goal: string
  instruction: string
  inputs: StepInput[]
}

export interface Team {
  run(task: TeamTask, call: ModelCallContext): Promise<StepOutput>
}

export interface TeamDeps {
  invoke: InvokeModel
}

/** Earlier outputs as the `{{inputs}}` variable: one line per step, or `(none)`. */
export const formatInputs = (inputs: readonly StepInput[]): string =>
  inputs.length === 0 ? '(none)' : inputs.map((i) => `- [${i.stepId}] ${i.output.text}`).join('\n')

/**
 * Builds a runnable team from its definition (data). The walking skeleton knows the `llm`
 * shape: render the prompt template, call the model once, return its text and usage.
 */
export const buildTeam = (definition: TeamDefinition, { invoke }: TeamDeps): Team => {
  if (definition.shape !== 'llm' || typeof definition.prompt !== 'string')
    throw new ChorusError('team.failed', `team shape ${definition.shape} is not supported yet`)
  const template = definition.prompt
  return {
    run: async (task, call) => {
      const prompt = renderTemplate(template, {
        team: definition.name,
        goal: task.goal,
        instruction: task.instruction,
        inputs: formatInputs(task.inputs),
      })
      const answer = await invoke({
        purpose: { service: 'workers', team: definition.name },
        messages: [new HumanMessage(prompt)],
        call,
      })
      return {
        text: answer.text,
        usage: {
          inputTokens: answer.usage.inputTokens,
          outputTokens: answer.usage.outputTokens,
          toolCalls: 0,
        },
      }
    },
  }
}
