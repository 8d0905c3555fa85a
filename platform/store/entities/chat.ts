import { Entity, item, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** A chat of a tenant: its title and when it began; its messages live in the same partition. */
export const makeChatEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Chat',
    table,
    schema: item({
      tenantId: string().key(),
      chatId: string().key(),
      title: string().optional(),
      createdAt: string(),
      GSI1PK: string(),
      GSI1SK: string(),
    }),
    computeKey: ({ tenantId, chatId }) => keys.chat(tenantId, chatId),
  })
