import { HumanMessage, SystemMessage } from '@langchain/core/messages'
import { z } from 'zod'
import { type ModelInfo, type Plan, Plan as PlanSchema } from '#events'
import { describeError } from '#platform/errors/index.ts'
import type { ModelProvider, PlanningPrompt } from '#platform/models/index.ts'
import { PLANNER_SYSTEM_PROMPT } from '../prompts/system.ts'
import { validatePlan } from './validate-plan.ts'

export interface TeamSummary {
  name: string
  description: string
}

export type DraftPlanResult =
  | { success: true; plan: Plan; model: ModelInfo; attempts: number }
  | { success: false; reasons: string[]; model: ModelInfo; attempts: number }

const PLAN_JSON_SCHEMA = z.toJSONSchema(PlanSchema, { io: 'input' }) as Record<string, unknown>

/**
 * Asks the model for a plan, validates it, and hands the problems back for at most
 * `maxRepairs` more rounds. Only a plan that passed validation is ever returned.
 */
export const draftPlan = async (
  input: { request: string; teams: readonly TeamSummary[]; maxRepairs: number },
  models: ModelProvider,
): Promise<DraftPlanResult> => {
  const { model, info } = models.chatModel({ service: 'planner' })
  const knownTeams = new Set(input.teams.map((t) => t.name))
  let problems: string[] | undefined
  for (let attempt = 1; attempt <= input.maxRepairs + 1; attempt++) {
    const prompt: PlanningPrompt = {
      task: 'plan',
      request: input.request,
      teams: input.teams.map(({ name, description }) => ({ name, description })),
      planSchema: PLAN_JSON_SCHEMA,
      ...(problems ? { problems } : {}),
    }
    let answer: string
    try {
      const reply = await model.invoke([
        new SystemMessage(PLANNER_SYSTEM_PROMPT),
        new HumanMessage(JSON.stringify(prompt)),
      ])
      answer = reply.text
    } catch (error) {
      const { message } = describeError(error)
      return {
        success: false,
        reasons: [`the model call failed: ${message}`],
        model: info,
        attempts: attempt,
      }
    }
    const result = validatePlan(answer, knownTeams)
    if (result.success) return { success: true, plan: result.plan, model: info, attempts: attempt }
    problems = result.problems
  }
  return { success: false, reasons: problems ?? ['no plan'], model: info, attempts: input.maxRepairs + 1 }
}
