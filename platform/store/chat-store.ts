import { makeChatMessageEntity } from './entities/chat-message.ts'
import { chatPk, SK_PREFIX } from './keys.ts'
import { rawQuery, rawQueryPage } from './raw-read.ts'
import { rawPutItem } from './raw-write.ts'
import { ChatMessageItem } from './stored-items.ts'
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

/**
 * Sent without dynamodb-toolbox's parser and formatter (ADR 0038): the API writes two messages and
 * the planner reads a chat's history on every chat run. `raw-chat-ops.int.test.ts` checks each
 * request against toolbox's own.
 */
export const makeChatStore = (table: ChorusTable): ChatStore => {
  const messages = makeChatMessageEntity(table)
  return {
    addMessage: async (tenantId, chatId, message) => {
      await rawPutItem(
        messages,
        { tenantId, chatId, ...toRecord(message) },
        { attr: 'messageId', exists: false },
      )
    },
    listMessages: async (tenantId, chatId) =>
      (
        await rawQuery(messages, chatPk(tenantId, chatId), { beginsWith: SK_PREFIX.message }, ChatMessageItem)
      ).map(toRecord),
    recentMessages: async (tenantId, chatId, { before, limit }) => {
      const items = await rawQueryPage(
        messages,
        chatPk(tenantId, chatId),
        { between: [SK_PREFIX.message, `${SK_PREFIX.message}${before}`] },
        ChatMessageItem,
        { reverse: true, limit: limit + 1 },
      )
      return items
        .filter((m) => m.messageId !== before)
        .slice(0, limit)
        .reverse()
        .map(toRecord)
    },
  }
}
