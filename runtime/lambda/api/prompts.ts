import { apiGroup } from './group.ts'

/** Lambda entry point of the prompts API group (operations: `API_GROUP_OPERATIONS.prompts`). */
export const handler = apiGroup('prompts')
