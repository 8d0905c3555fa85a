export { makeWorkers, type Workers, type WorkersDeps } from './core/workers.ts'
export { workersConsumer } from './handlers/on-event.ts'
export { buildTeam, formatInputs, type Team, type TeamTask } from './teams/build-team.ts'
