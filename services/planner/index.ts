export { answerPlanningPromptOffline } from './core/offline-planner.ts'
export {
  DEFAULT_PLAN_LIMITS,
  makePlanner,
  PLANNER_CALLS,
  type Planner,
  type PlannerDeps,
} from './core/planner.ts'
export { type PlanValidation, validatePlanValue } from './core/validate-plan.ts'
export { plannerConsumer } from './handlers/on-event.ts'
export { PlanningPrompt, readPlanningPrompt } from './prompts/planning-prompt.ts'
export { PLANNER_PROMPT_NAME, PLANNER_SYSTEM_PROMPT } from './prompts/system.ts'
