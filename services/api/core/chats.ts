import { newId } from '#events'
import type { ChatMessageRecord, ChatStore, MultitaskPolicy, RunStore } from '#platform/store/index.ts'
import type { ChatDirectory, ChatRecord } from '../store/chat-directory.ts'
import { ApiError, notFound } from './api-error.ts'

export interface ChatsDeps {
  directory: ChatDirectory
  chats: ChatStore
  runs: RunStore
}

/**
 * The replies of runs that ended after the API stopped waiting (202): their answer is in the run,
 * shown as the assistant message under the id of the run's RunCompleted.
 */
const laterReplies = async (runs: RunStore, tenantId: string, messages: ChatMessageRecord[]) => {
  const answered = new Set(messages.filter((m) => m.role === 'assistant').map((m) => m.runId))
  const pending = messages.filter((m) => m.role === 'user' && !answered.has(m.runId))
  const ended = await Promise.all(pending.map((m) => runs.getRun(tenantId, m.runId)))
  return ended.flatMap((run): ChatMessageRecord[] =>
    run?.status === 'completed' && run.output !== undefined && run.terminalEventId
      ? [
          {
            messageId: run.terminalEventId,
            role: 'assistant',
            content: run.output,
            runId: run.runId,
            createdAt: run.updatedAt,
          },
        ]
      : [],
  )
}

/** A tenant's chats: create, list newest first, read one with its messages. */
export const makeChats = ({ directory, chats, runs }: ChatsDeps) => ({
  /** Creates a chat under the given id or a new one; an id in use is a conflict. */
  create: async (
    tenantId: string,
    input: {
      chatId?: string | undefined
      title?: string | undefined
      multitask?: MultitaskPolicy | undefined
    },
  ) => {
    const chatId = input.chatId ?? newId()
    const created = await directory.create(tenantId, {
      chatId,
      ...(input.title ? { title: input.title } : {}),
      ...(input.multitask ? { multitask: input.multitask } : {}),
    })
    if (!created) throw new ApiError('chat.exists', `chat ${chatId} exists already`)
    return (await directory.get(tenantId, chatId)) as ChatRecord
  },

  /** Sets the chat's double-texting policy (ADR 0029); an unknown chat is not found. */
  setMultitask: async (tenantId: string, chatId: string, multitask: MultitaskPolicy) => {
    if (!(await directory.setMultitask(tenantId, chatId, multitask))) throw notFound('chat', chatId)
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
    const all = [...messages, ...(await laterReplies(runs, tenantId, messages))]
    return { ...chat, messages: all.sort((a, b) => a.messageId.localeCompare(b.messageId)) }
  },
})

export type Chats = ReturnType<typeof makeChats>
