import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { makeChatMessageEntity } from './entities/chat-message.ts'
import { chatPk, SK_PREFIX } from './keys.ts'
import type { ChorusTable } from './table.ts'

export interface ChatMessageRecord {
  messageId: string
  role: 'user' | 'assistant'
  content: string
  runId: string
  createdAt: string
}

/** The messages of a tenant's chats, in time order (message ids are ULIDs). */
export interface ChatStore {
  addMessage(tenantId: string, chatId: string, message: ChatMessageRecord): Promise<void>
  listMessages(tenantId: string, chatId: string): Promise<ChatMessageRecord[]>
  /**
   * The last `limit` messages before the message `before` (excluded), oldest first: one query that
   * reads only those, however long the chat is.
   */
  recentMessages(
    tenantId: string,
    chatId: string,
    page: { before: string; limit: number },
  ): Promise<ChatMessageRecord[]>
}

const toRecord = ({ messageId, role, content, runId, createdAt }: ChatMessageRecord): ChatMessageRecord => ({
  messageId,
  role,
  content,
  runId,
  createdAt,
})

export const makeChatStore = (table: ChorusTable): ChatStore => {
  const messages = makeChatMessageEntity(table)
  return {
    addMessage: async (tenantId, chatId, message) => {
      await messages
        .build(PutItemCommand)
        .item({ tenantId, chatId, ...message })
        .options({ condition: { attr: 'messageId', exists: false } })
        .send()
    },
    listMessages: async (tenantId, chatId) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ partition: chatPk(tenantId, chatId), range: { beginsWith: SK_PREFIX.message } })
        .entities(messages)
        .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
        .send()
      return Items.map(toRecord)
    },
    recentMessages: async (tenantId, chatId, { before, limit }) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({
          partition: chatPk(tenantId, chatId),
          range: { between: [SK_PREFIX.message, `${SK_PREFIX.message}${before}`] },
        })
        .entities(messages)
        .options({ consistent: true, reverse: true, limit: limit + 1 })
        .send()
      return Items.filter((m) => m.messageId !== before)
        .slice(0, limit)
        .reverse()
        .map(toRecord)
    },
  }
}
