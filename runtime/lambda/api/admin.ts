import { apiGroup } from './group.ts'

/** Lambda entry point of the admin API group (operations: `API_GROUP_OPERATIONS.admin`). */
export const handler = apiGroup('admin')
