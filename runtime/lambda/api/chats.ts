import { apiGroup } from './group.ts'

/** Lambda entry point of the chats API group. */
export const handler = apiGroup('chats', {
  'POST /chats/{chatId}/messages': (core) => core.handlers.postMessage,
})
