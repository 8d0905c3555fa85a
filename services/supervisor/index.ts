export {
  allowanceOf,
  type BudgetStop,
  budgetOf,
  dispatchedSteps,
  limitReached,
  stopAfterStep,
  usageAt,
} from './core/budget.ts'
export { makeSupervisor, type Supervisor, type SupervisorDeps } from './core/supervisor.ts'
export { compilePlan, sinkSteps, type TaskRequest, waitingSteps } from './graph/compile-plan.ts'
export { handledUnderLease, supervisorConsumer } from './handlers/on-event.ts'
