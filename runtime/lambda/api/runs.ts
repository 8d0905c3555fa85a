import { apiGroup } from './group.ts'

/** Lambda entry point of the runs API group. */
export const handler = apiGroup('runs', {
  'GET /runs/{runId}': (core) => core.handlers.getRun,
})
