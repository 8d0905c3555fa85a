import { Entity, item, string } from 'dynamodb-toolbox'

/** What a message to a chat whose run is still going does (double-texting, ADR 0029). */
export const MULTITASK_POLICIES = ['reject', 'enqueue', 'interrupt', 'rollback'] as const
export type MultitaskPolicy = (typeof MULTITASK_POLICIES)[number]

import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** A chat of a tenant: its title and when it began; its messages live in the same partition. */
export const makeChatEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Chat',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      chatId: string().key(),
      title: string().optional(),
      createdAt: string(),
      /** The chat's double-texting policy; absent means `enqueue`. */
      multitask: string()
        .enum(...MULTITASK_POLICIES)
        .optional(),
      /** The last run a message of this chat started or queued: every message moves it by a conditional write. */
      activeRunId: string().optional(),
      /** When `activeRunId` was last moved. */
      activeAt: string().optional(),
      GSI1PK: string(),
      GSI1SK: string(),
    }),
    computeKey: ({ tenantId, chatId }) => keys.chat(tenantId, chatId),
  })
