import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from '@langchain/core/messages'
import { newId } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import type { ModelCallContext } from '#platform/models/index.ts'
import { type ChorusTool, type ToolResult, toolFailure } from '../tools/index.ts'
import { checkOutput } from './check-output.ts'
import type { TeamDefinition } from './definitions/index.ts'
import { renderTeamPrompt } from './render-prompt.ts'
import type { Team, TeamDeps } from './team-context.ts'

type AgentTeam = Extract<TeamDefinition, { shape: 'agent' }>

/** Model function names allow `[A-Za-z0-9_-]` only: `file.read` is offered as `file__read`. */
export const functionName = (tool: string) => tool.replace(/[^A-Za-z0-9_-]/g, '__')

/**
 * `agent`: a ReAct loop. The model sees the team's tools; each tool call it asks for runs
 * (input validated, result traced under the run and step) and comes back as a tool message,
 * until the model answers without calling a tool or `maxIterations` model turns are used.
 * The call's abort signal reaches every model and tool call; an aborted loop stops at once.
 */
export const agentTeam = (team: AgentTeam, deps: TeamDeps): Team => ({
  run: async (task, call) => {
    const registry = await deps.tools.forTenant(call.tenantId)
    const tools = new Map<string, ChorusTool>()
    for (const name of team.tools) {
      const tool = registry.get(name)
      if (!tool) throw new ChorusError('team.failed', `team ${team.name} uses unknown tool "${name}"`)
      tools.set(functionName(name), tool)
    }
    const offered = [...tools].map(([fn, tool]) => ({
      name: fn,
      description: tool.description,
      parameters: tool.describe().inputSchema,
    }))
    const { text, prompt } = await renderTeamPrompt(team, task, {
      prompts: deps.prompts,
      tenantId: call.tenantId,
    })
    const messages: BaseMessage[] = [new HumanMessage(text)]
    const usage = { inputTokens: 0, outputTokens: 0, toolCalls: 0 }
    for (let turn = 1; turn <= team.maxIterations; turn++) {
      call.signal?.throwIfAborted()
      const answer = await deps.invoke({
        purpose: {
          service: 'workers',
          team: team.name,
          ...(team.model?.name ? { model: team.model.name } : {}),
        },
        messages,
        tools: offered,
        call: { ...call, ...(prompt ? { prompt } : {}) },
      })
      usage.inputTokens += answer.usage.inputTokens
      usage.outputTokens += answer.usage.outputTokens
      if (answer.toolCalls.length === 0) return checkOutput(team, { text: answer.text, usage })
      messages.push(
        new AIMessage({
          content: answer.text,
          tool_calls: answer.toolCalls.map((c) => ({
            id: c.id,
            name: c.name,
            args: c.args,
            type: 'tool_call' as const,
          })),
        }),
      )
      for (const request of answer.toolCalls) {
        const tool = tools.get(request.name)
        const result = tool
          ? await traced(deps, call, tool, request.args)
          : toolFailure(
              'tool.unknown',
              `no tool named ${request.name}; use one of ${[...tools.keys()].join(', ')}`,
            )
        usage.toolCalls++
        messages.push(
          new ToolMessage({ tool_call_id: request.id, name: request.name, content: JSON.stringify(result) }),
        )
      }
    }
    throw new ChorusError(
      'team.failed',
      `team ${team.name} did not finish within ${team.maxIterations} model turns`,
    )
  },
})

/** Runs a tool and records the call (input, ToolResult, duration) under the run and step. */
const traced = async (
  deps: TeamDeps,
  call: ModelCallContext,
  tool: ChorusTool,
  input: Record<string, unknown>,
): Promise<ToolResult> => {
  const startedAt = new Date()
  const result = await tool.call(input, {
    tenantId: call.tenantId,
    runId: call.runId,
    stepId: call.stepId,
    ...(call.signal ? { signal: call.signal } : {}),
  })
  await deps.toolCalls.record(
    { tenantId: call.tenantId, runId: call.runId },
    {
      stepId: call.stepId,
      callId: newId(),
      tool: tool.name,
      input,
      result,
      durationMs: Date.now() - startedAt.getTime(),
      startedAt: startedAt.toISOString(),
    },
  )
  return result
}
