import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import { z } from 'zod'
import { type ModelInfo, type Plan, Plan as PlanSchema } from '#events'
import type { InvokeModel, ModelCallContext } from '#platform/models/index.ts'
import type { PlanningPrompt } from '../prompts/planning-prompt.ts'
import type { ConversationWindow } from './conversation.ts'
import { validatePlan } from './validate-plan.ts'

export interface TeamSummary {
  name: string
  description: string
  tools: string[]
}

export interface PlanLimits {
  /** Repair rounds after an invalid answer. */
  maxRepairs: number
  /** Most steps a plan may have (never more than the schema's own limit). */
  maxSteps: number
}

export type DraftPlanResult =
  | { success: true; plan: Plan; model: ModelInfo; attempts: number }
  | { success: false; reasons: string[]; model: ModelInfo; attempts: number }

const PLAN_JSON_SCHEMA = z.toJSONSchema(PlanSchema, { io: 'input' }) as Record<string, unknown>

/**
 * Asks the model for a plan with structured output, validates it, and hands the problems back
 * for at most `maxRepairs` more rounds. Only a plan that passed validation is ever returned.
 * A model call that fails is thrown (the caller decides whether a retry helps).
 */
export const draftPlan = async (
  input: {
    request: string
    /** The chat's earlier turns, when there are any. */
    conversation?: ConversationWindow | undefined
    teams: readonly TeamSummary[]
    systemPrompt: string
    limits: PlanLimits
    call: ModelCallContext
  },
  invoke: InvokeModel,
): Promise<DraftPlanResult> => {
  const knownTeams = new Set(input.teams.map((t) => t.name))
  let problems: string[] = []
  const attempts = input.limits.maxRepairs + 1
  for (let attempt = 1; ; attempt++) {
    const prompt: PlanningPrompt = {
      task: 'plan',
      request: input.request,
      ...(input.conversation ? { conversation: input.conversation } : {}),
      teams: input.teams.map(({ name, description, tools }) => ({ name, description, tools })),
      planSchema: PLAN_JSON_SCHEMA,
      maxSteps: input.limits.maxSteps,
      ...(problems.length > 0 ? { problems } : {}),
    }
    const answer = await invoke({
      purpose: { service: 'planner' },
      messages: [new SystemMessage(input.systemPrompt), new HumanMessage(JSON.stringify(prompt))],
      json: { name: 'plan', schema: PLAN_JSON_SCHEMA },
      call: input.conversation
        ? { ...input.call, conversation: JSON.stringify(input.conversation) }
        : input.call,
    })
    const result = answer.unreadable
      ? { success: false as const, problems: [answer.unreadable] }
      : validatePlan(answer.text, { knownTeams, maxSteps: input.limits.maxSteps })
    if (result.success) return { success: true, plan: result.plan, model: answer.info, attempts: attempt }
    problems = result.problems
    if (attempt === attempts) return { success: false, reasons: problems, model: answer.info, attempts }
  }
}
