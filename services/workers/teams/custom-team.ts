import { HumanMessage } from '@langchain/core/messages'
import { z } from 'zod'
import { ChorusError } from '#platform/errors/index.ts'
import { checkOutput } from './check-output.ts'
import type { TeamDefinition } from './definitions/index.ts'
import type { Team, TeamDeps } from './team-context.ts'

type CustomTeam = Extract<TeamDefinition, { shape: 'custom' }>

/** What a custom graph must return. */
const GraphResult = z.object({ output: z.string() }).loose()

/**
 * `custom`: a graph module from an allowlisted directory. Its factory gets a recorded model
 * call (`chat`) and returns a compiled graph; the graph is invoked with the task and must
 * return `{ output: string }`. The call's abort signal reaches the graph and every `chat`.
 */
export const customTeam = (team: CustomTeam, deps: TeamDeps): Team => ({
  run: async (task, call) => {
    const factory = await deps.modules.load(team.module, team.export)
    const usage = { inputTokens: 0, outputTokens: 0, toolCalls: 0 }
    const graph = await factory({
      chat: async (prompt) => {
        const answer = await deps.invoke({
          purpose: {
            service: 'workers',
            team: team.name,
            ...(team.model?.name ? { model: team.model.name } : {}),
          },
          messages: [new HumanMessage(prompt)],
          call,
        })
        usage.inputTokens += answer.usage.inputTokens
        usage.outputTokens += answer.usage.outputTokens
        return answer.text
      },
    })
    const result = GraphResult.safeParse(
      await graph.invoke(
        {
          goal: task.goal,
          instruction: task.instruction,
          inputs: task.inputs.map((i) => ({ stepId: i.stepId, text: i.output.text })),
        },
        call.signal ? { signal: call.signal } : undefined,
      ),
    )
    if (!result.success)
      throw new ChorusError('team.invalidOutput', `module ${team.module} must return { output: string }`)
    return checkOutput(team, { text: result.data.output, usage })
  },
})
