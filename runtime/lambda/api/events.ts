import { apiGroup } from './group.ts'

/** Lambda entry point of the events API group (operations: `API_GROUP_OPERATIONS.events`). */
export const handler = apiGroup('events')
