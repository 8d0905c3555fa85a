import { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import type { Chats } from '../core/chats.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { ChatIdParam } from '../http/schemas.ts'
import { createChat, getChat, listChats, updateChat } from '../operations/chats.ts'

const ChatCursor = z.object({ createdAt: z.iso.datetime(), chatId: ChatIdParam.shape.chatId }).strict()

/** `POST /chats`, `GET /chats`, `GET|PUT /chats/{chatId}`: a tenant's chats. */
export const makeChatHandlers = ({ chats, logger }: { chats: Chats; logger: Logger }) => ({
  createChat: implement(createChat, { logger }, async ({ caller, body }) => {
    const chat = await chats.create(caller.tenantId, body)
    return json(201, chat, { location: `/chats/${chat.chatId}` })
  }),

  updateChat: implement(updateChat, { logger }, async ({ caller, params, body }) =>
    json(200, await chats.setMultitask(caller.tenantId, params.chatId, body.multitask)),
  ),

  listChats: implement(listChats, { logger }, async ({ caller, query: { limit, cursor } }) => {
    const after = cursor ? decodeCursor(cursor, ChatCursor) : undefined
    const page = await chats.list(caller.tenantId, { limit, after })
    return json(200, { chats: page.chats, ...(page.next ? { next: encodeCursor(page.next) } : {}) })
  }),

  getChat: implement(getChat, { logger }, async ({ caller, params }) =>
    json(200, await chats.get(caller.tenantId, params.chatId)),
  ),
})
