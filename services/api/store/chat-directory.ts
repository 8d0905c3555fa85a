import { QueryCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { type MultitaskPolicy, makeChatEntity } from '#platform/store/entities/chat.ts'
import { gsi, keys } from '#platform/store/keys.ts'
import { rawGet } from '#platform/store/raw-read.ts'
import { rawPutItem, rawUpdateItem } from '#platform/store/raw-write.ts'
import { ChatItem } from '#platform/store/stored-items.ts'
import { type ChorusTable, isConditionalFailure } from '#platform/store/table.ts'

export interface ChatRecord {
  chatId: string
  title?: string
  createdAt: string
  /** What a message does while the chat's run is going (ADR 0029); absent means `enqueue`. */
  multitask?: MultitaskPolicy
  /** The last run a message of this chat started or queued, and when it was claimed. */
  activeRunId?: string
  activeAt?: string
}

/** Where the next page starts: the last chat of the previous one. */
export interface ChatCursor {
  createdAt: string
  chatId: string
}

/** The chats of a tenant, newest first (their messages are in `ChatStore`). */
export interface ChatDirectory {
  /** Creates a chat; false when the id is taken. */
  create(
    tenantId: string,
    chat: { chatId: string; title?: string; multitask?: MultitaskPolicy },
  ): Promise<boolean>
  /** Creates the chat unless it exists (a message to a new chat id opens it). */
  ensure(tenantId: string, chatId: string): Promise<void>
  get(tenantId: string, chatId: string): Promise<ChatRecord | undefined>
  /**
   * Points the chat at `runId` only while it still points at `expected` (undefined: at no run);
   * false when another message moved it first. Concurrent messages to one chat are ordered here.
   */
  claimActiveRun(
    tenantId: string,
    chatId: string,
    expected: string | undefined,
    runId: string,
  ): Promise<boolean>
  /** Sets the chat's double-texting policy; false when the chat does not exist. */
  setMultitask(tenantId: string, chatId: string, multitask: MultitaskPolicy): Promise<boolean>
  list(
    tenantId: string,
    page: { limit: number; after?: ChatCursor },
  ): Promise<{ chats: ChatRecord[]; next?: ChatCursor }>
}

/**
 * A chat message opens, reads and claims its chat: those three requests are sent without
 * dynamodb-toolbox's parser and formatter (ADR 0038; `raw-chat-directory-ops.int.test.ts` checks
 * them against toolbox's own). Setting the policy and listing chats keep using toolbox.
 */
export const makeChatDirectory = (
  table: ChorusTable,
  clock: () => Date = () => new Date(),
): ChatDirectory => {
  const chats = makeChatEntity(table)

  const create: ChatDirectory['create'] = async (tenantId, { chatId, title, multitask }) => {
    const createdAt = clock().toISOString()
    try {
      await rawPutItem(
        chats,
        {
          tenantId,
          chatId,
          createdAt,
          ...(title ? { title } : {}),
          ...(multitask ? { multitask } : {}),
          ...gsi.chatsByTime(tenantId, createdAt, chatId),
        },
        { attr: 'chatId', exists: false },
      )
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
      const item = await rawGet(chats, { tenantId, chatId }, ChatItem)
      return item ? toRecord(item) : undefined
    },
    claimActiveRun: async (tenantId, chatId, expected, runId) => {
      try {
        await rawUpdateItem(
          chats,
          { tenantId, chatId },
          { set: { activeRunId: runId, activeAt: clock().toISOString() } },
          {
            condition:
              expected === undefined
                ? {
                    and: [
                      { attr: 'chatId', exists: true },
                      { attr: 'activeRunId', exists: false },
                    ],
                  }
                : { attr: 'activeRunId', eq: expected },
          },
        )
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
    setMultitask: async (tenantId, chatId, multitask) => {
      try {
        await chats
          .build(UpdateItemCommand)
          .item({ tenantId, chatId, multitask })
          .options({ condition: { attr: 'chatId', exists: true } })
          .send()
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
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
  multitask,
  activeRunId,
  activeAt,
}: {
  chatId: string
  title?: string
  createdAt: string
  multitask?: MultitaskPolicy
  activeRunId?: string
  activeAt?: string
}): ChatRecord => ({
  chatId,
  ...(title ? { title } : {}),
  createdAt,
  ...(multitask ? { multitask } : {}),
  ...(activeRunId ? { activeRunId } : {}),
  ...(activeAt ? { activeAt } : {}),
})
