export { makeWorkers, type Workers, type WorkersDeps } from './core/workers.ts'
export { workersConsumer } from './handlers/on-event.ts'
export { functionName } from './teams/agent-team.ts'
export { buildTeam, formatInputs, type Team, type TeamDeps, type TeamTask } from './teams/build-team.ts'
export {
  checkTeam,
  DEMO_TEAMS,
  makeTeamStore,
  TeamDefinition,
  type TeamKnowledge,
  type TeamRecord,
  type TeamStore,
  validateTeam,
} from './teams/definitions/index.ts'
export { fullText, INLINE_OUTPUT_BYTES, resolveInputs, storeLargeOutput } from './teams/large-output.ts'
export {
  type CustomGraph,
  type GraphFactory,
  type ModuleLoader,
  makeModuleLoader,
} from './teams/module-loader.ts'
export {
  type AddressPolicy,
  type ChorusTool,
  HttpToolDefinition,
  type HttpToolStore,
  makeFileTools,
  makeHttpToolStore,
  makeToolCatalog,
  type SecretReader,
  type ToolCatalog,
  WebFetchTool,
} from './tools/index.ts'
