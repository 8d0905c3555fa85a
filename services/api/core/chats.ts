import { newId } from '#events'
import type { ChatDirectory, ChatRecord, ChatStore } from '#platform/store/index.ts'
import { ApiError, notFound } from './api-error.ts'

export interface ChatsDeps {
  directory: ChatDirectory
  chats: ChatStore
}

/** A tenant's chats: create, list newest first, read one with its messages. */
export const makeChats = ({ directory, chats }: ChatsDeps) => ({
  /** Creates a chat under the given id or a new one; an id in use is a conflict. */
  create: async (tenantId: string, input: { chatId?: string | undefined; title?: string | undefined }) => {
    const chatId = input.chatId ?? newId()
    if (!(await directory.create(tenantId, { chatId, ...(input.title ? { title: input.title } : {}) })))
      throw new ApiError('chat.exists', `chat ${chatId} exists already`)
    return (await directory.get(tenantId, chatId)) as ChatRecord
  },

  list: (
    tenantId: string,
    page: { limit: number; after?: { createdAt: string; chatId: string } | undefined },
  ) => directory.list(tenantId, { limit: page.limit, ...(page.after ? { after: page.after } : {}) }),

  get: async (tenantId: string, chatId: string) => {
    const [chat, messages] = await Promise.all([
      directory.get(tenantId, chatId),
      chats.listMessages(tenantId, chatId),
    ])
    if (!chat) throw notFound('chat', chatId)
    return { ...chat, messages }
  },
})

export type Chats = ReturnType<typeof makeChats>
