import * as R from '../http/responses.ts'
import * as S from '../http/schemas.ts'
import { at, defineOperation, ok } from '../operation.ts'

// Operations on a tenant's chats and their messages.

export const createChat = defineOperation({
  method: 'POST',
  path: '/chats',
  operationId: 'createChat',
  group: 'chats',
  summary: 'Create a chat',
  tag: 'chats',
  body: S.CreateChatBody,
  responses: { 201: at(ok('created', R.Chat), 'Location', 'the chat'), 409: ok('chat id in use') },
})

export const listChats = defineOperation({
  method: 'GET',
  path: '/chats',
  operationId: 'listChats',
  group: 'chats',
  summary: 'List chats, newest first',
  tag: 'chats',
  query: S.ListQuery,
  responses: { 200: ok('a page of chats', R.ChatPage) },
})

export const getChat = defineOperation({
  method: 'GET',
  path: '/chats/{chatId}',
  operationId: 'getChat',
  group: 'chats',
  summary: 'A chat with its messages',
  tag: 'chats',
  params: S.ChatIdParam,
  responses: { 200: ok('the chat', R.ChatWithMessages), 404: ok('no such chat') },
})

export const updateChat = defineOperation({
  method: 'PUT',
  path: '/chats/{chatId}',
  operationId: 'updateChat',
  group: 'chats',
  summary: "Set a chat's double-texting policy (ADR 0029)",
  tag: 'chats',
  params: S.ChatIdParam,
  body: S.UpdateChatBody,
  responses: { 200: ok('the chat', R.Chat), 404: ok('no such chat') },
})

export const postMessage = defineOperation({
  method: 'POST',
  path: '/chats/{chatId}/messages',
  operationId: 'postMessage',
  group: 'chats',
  summary:
    'Send a message: the answer within the sync budget, else 202 and the run to follow (at once with Prefer: respond-async)',
  tag: 'chats',
  params: S.ChatIdParam,
  body: S.PostMessageBody,
  headers: S.PostMessageHeaders,
  responses: {
    200: at(ok('the run ended within the budget', R.MessageAnswer), 'Content-Location', 'the run'),
    202: {
      ...ok('handed over: follow Location', R.MessageAccepted),
      headers: {
        Location: { description: 'the run to follow', required: true },
        'Preference-Applied': { description: '`respond-async` when `Prefer: respond-async` was honoured' },
      },
    },
    409: ok('chat.busy: the chat has a run going and the policy is `reject` (the error names the run)'),
  },
})
