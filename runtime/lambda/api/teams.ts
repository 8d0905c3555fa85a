import { apiGroup } from './group.ts'

/** Lambda entry point of the teams API group (operations: `API_GROUP_OPERATIONS.teams`). */
export const handler = apiGroup('teams')
