export { makePlanner, type Planner, type PlannerDeps } from './core/planner.ts'
export { plannerConsumer } from './handlers/on-event.ts'
export { PLANNER_PROMPT_VERSION } from './prompts/system.ts'
