import { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import type { Chats } from '../core/chats.ts'
import { decodeCursor, encodeCursor } from '../http/cursor.ts'
import { endpoint, jsonBody } from '../http/endpoint.ts'
import { bodyOf, callerOf, json, pathParam, queryOf } from '../http/middleware.ts'
import { ChatIdParam, CreateChatBody, ListQuery, UpdateChatBody } from '../http/schemas.ts'

const ChatCursor = z.object({ createdAt: z.iso.datetime(), chatId: ChatIdParam.shape.chatId }).strict()

/** `POST /chats`, `GET /chats`, `GET|PUT /chats/{chatId}`: a tenant's chats. */
export const makeChatHandlers = ({ chats, logger }: { chats: Chats; logger: Logger }) => ({
  createChat: endpoint(logger)
    .use(jsonBody(CreateChatBody))
    .handler(async (event) => {
      const { tenantId } = callerOf(event)
      const chat = await chats.create(tenantId, bodyOf(event, CreateChatBody))
      return json(201, chat, { location: `/chats/${chat.chatId}` })
    }),

  updateChat: endpoint(logger)
    .use(jsonBody(UpdateChatBody))
    .handler(async (event) => {
      const { tenantId } = callerOf(event)
      const chatId = pathParam(event, 'chatId', ChatIdParam.shape.chatId)
      return json(200, await chats.setMultitask(tenantId, chatId, bodyOf(event, UpdateChatBody).multitask))
    }),

  listChats: endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const { limit, cursor } = queryOf(event, ListQuery)
    const after = cursor ? decodeCursor(cursor, ChatCursor) : undefined
    const page = await chats.list(tenantId, { limit, after })
    return json(200, { chats: page.chats, ...(page.next ? { next: encodeCursor(page.next) } : {}) })
  }),

  getChat: endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const chatId = pathParam(event, 'chatId', ChatIdParam.shape.chatId)
    return json(200, await chats.get(tenantId, chatId))
  }),
})
