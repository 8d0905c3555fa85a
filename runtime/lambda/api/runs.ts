import { apiGroup } from './group.ts'

/** Lambda entry point of the runs API group (operations: `API_GROUP_OPERATIONS.runs`). */
export const handler = apiGroup('runs')
