export { makeSupervisor, type Supervisor, type SupervisorDeps } from './core/supervisor.ts'
export { compilePlan, type TaskRequest } from './graph/compile-plan.ts'
export { supervisorConsumer } from './handlers/on-event.ts'
