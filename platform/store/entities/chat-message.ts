import { Entity, item, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** A message of a chat: the user's request or the assistant's reply, linked to its run. */
export const makeChatMessageEntity = (table: ChorusTable) =>
  new Entity({
    name: 'ChatMessage',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      chatId: string().key(),
      messageId: string().key(),
      role: string().enum('user', 'assistant'),
      content: string(),
      runId: string(),
      createdAt: string(),
    }),
    computeKey: ({ tenantId, chatId, messageId }) => keys.chatMessage(tenantId, chatId, messageId),
  })
