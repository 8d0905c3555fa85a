import { apiGroup } from './group.ts'

/** Lambda entry point of the chats API group (operations: `API_GROUP_OPERATIONS.chats`). */
export const handler = apiGroup('chats')
