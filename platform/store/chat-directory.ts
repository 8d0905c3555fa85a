import { GetItemCommand, PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { makeChatEntity } from './entities/chat.ts'
import { gsi, keys } from './keys.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

export interface ChatRecord {
  chatId: string
  title?: string
  createdAt: string
}

/** Where the next page starts: the last chat of the previous one. */
export interface ChatCursor {
  createdAt: string
  chatId: string
}

/** The chats of a tenant, newest first (their messages are in `ChatStore`). */
export interface ChatDirectory {
  /** Creates a chat; false when the id is taken. */
  create(tenantId: string, chat: { chatId: string; title?: string }): Promise<boolean>
  /** Creates the chat unless it exists (a message to a new chat id opens it). */
  ensure(tenantId: string, chatId: string): Promise<void>
  get(tenantId: string, chatId: string): Promise<ChatRecord | undefined>
  list(
    tenantId: string,
    page: { limit: number; after?: ChatCursor },
  ): Promise<{ chats: ChatRecord[]; next?: ChatCursor }>
}

export const makeChatDirectory = (
  table: ChorusTable,
  clock: () => Date = () => new Date(),
): ChatDirectory => {
  const chats = makeChatEntity(table)

  const create: ChatDirectory['create'] = async (tenantId, { chatId, title }) => {
    const createdAt = clock().toISOString()
    try {
      await chats
        .build(PutItemCommand)
        .item({
          tenantId,
          chatId,
          createdAt,
          ...(title ? { title } : {}),
          ...gsi.chatsByTime(tenantId, createdAt, chatId),
        })
        .options({ condition: { attr: 'chatId', exists: false } })
        .send()
      return true
    } catch (error) {
      if (isConditionalFailure(error)) return false
      throw error
    }
  }

  return {
    create,
    ensure: async (tenantId, chatId) => {
      await create(tenantId, { chatId })
    },
    get: async (tenantId, chatId) => {
      const { Item } = await chats
        .build(GetItemCommand)
        .key({ tenantId, chatId })
        .options({ consistent: true })
        .send()
      return Item ? toRecord(Item) : undefined
    },
    list: async (tenantId, { limit, after }) => {
      const start = after
        ? {
            ...keys.chat(tenantId, after.chatId),
            ...gsi.chatsByTime(tenantId, after.createdAt, after.chatId),
          }
        : undefined
      const { Items = [], LastEvaluatedKey } = await table
        .build(QueryCommand)
        .query({ index: 'GSI1', partition: gsi.chatsByTime(tenantId, '', '').GSI1PK })
        .entities(chats)
        .options({ reverse: true, limit, ...(start ? { exclusiveStartKey: start } : {}) })
        .send()
      const records = Items.map(toRecord)
      const last = records.at(-1)
      return {
        chats: records,
        ...(LastEvaluatedKey && last ? { next: { createdAt: last.createdAt, chatId: last.chatId } } : {}),
      }
    },
  }
}

const toRecord = ({
  chatId,
  title,
  createdAt,
}: {
  chatId: string
  title?: string
  createdAt: string
}): ChatRecord => ({
  chatId,
  ...(title ? { title } : {}),
  createdAt,
})
