import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { GetItemCommand, PutItemCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { expect, it } from 'vitest'
import { type MultitaskPolicy, makeChatEntity } from '#platform/store/entities/chat.ts'
import { gsi, keys } from '#platform/store/keys.ts'
import { describeOnBothEngines } from '#platform/store/raw-ops.harness.ts'
import { isConditionalFailure } from '#platform/store/table.ts'
import { makeChatDirectory } from './chat-directory.ts'

/**
 * What a chat message does to its chat, sent raw (`chat-directory.ts`: open, read, claim), stores and
 * answers what toolbox's commands did (see `#platform/store/raw-ops.harness.ts`).
 */
describeOnBothEngines("raw chat directory operations as toolbox's", ({ env, same }) => {
  const AT = '2026-12-02T10:00:00.000Z'
  const clock = () => new Date(AT)
  const pk = (chatId: string) => keys.chat('acme', chatId).PK
  const chats = () => makeChatEntity(env.table)
  const directory = () => makeChatDirectory(env.table, clock)
  /** A chat as `create` stores it, `extra` over it. */
  const seedChat =
    (extra: Record<string, unknown> = {}) =>
    async (chatId: string) => {
      await chats()
        .build(PutItemCommand)
        .item({
          tenantId: 'acme',
          chatId,
          createdAt: '2026-12-01T00:00:00.000Z',
          ...gsi.chatsByTime('acme', '2026-12-01T00:00:00.000Z', chatId),
          ...extra,
        })
        .send()
    }
  const unlessTaken = async (send: () => Promise<unknown>) => {
    try {
      await send()
      return true
    } catch (error) {
      if (isConditionalFailure(error)) return false
      throw error
    }
  }

  it('opens a chat once, with or without a title and a policy', async () => {
    const variants: { title?: string; multitask?: MultitaskPolicy }[] = [
      {},
      { title: 'a chat' },
      { title: '', multitask: 'interrupt' },
    ]
    for (const seed of [undefined, seedChat({ title: 'old' })])
      for (const chat of variants)
        await same({
          pk,
          ...(seed ? { seed } : {}),
          toolbox: (chatId) =>
            unlessTaken(() =>
              chats()
                .build(PutItemCommand)
                .item({
                  tenantId: 'acme',
                  chatId,
                  createdAt: AT,
                  ...(chat.title ? { title: chat.title } : {}),
                  ...(chat.multitask ? { multitask: chat.multitask } : {}),
                  ...gsi.chatsByTime('acme', AT, chatId),
                })
                .options({ condition: { attr: 'chatId', exists: false } })
                .send(),
            ),
          raw: (chatId) => directory().create('acme', { chatId, ...chat }),
        })
  })

  it('reads a chat as toolbox did: bare, with every attribute, missing', async () => {
    const full = { title: 't', multitask: 'reject', activeRunId: 'r1', activeAt: AT }
    for (const seed of [undefined, seedChat(), seedChat(full)])
      await same({
        pk,
        ...(seed ? { seed } : {}),
        toolbox: async (chatId) => {
          const { Item } = await chats()
            .build(GetItemCommand)
            .key({ tenantId: 'acme', chatId })
            .options({ consistent: true })
            .send()
          if (!Item) return undefined
          const { title, createdAt, multitask, activeRunId, activeAt } = Item
          return {
            chatId: Item.chatId,
            ...(title ? { title } : {}),
            createdAt,
            ...(multitask ? { multitask } : {}),
            ...(activeRunId ? { activeRunId } : {}),
            ...(activeAt ? { activeAt } : {}),
          }
        },
        raw: (chatId) => directory().get('acme', chatId),
      })

    const chatId = `broken-${Date.now()}`
    await env.table.getDocumentClient().send(
      new PutCommand({
        TableName: env.table.getName(),
        Item: {
          ...keys.chat('acme', chatId),
          _et: 'Chat',
          tenantId: 'acme',
          chatId,
          createdAt: AT,
          multitask: 'x',
        },
      }),
    )
    await expect(chats().build(GetItemCommand).key({ tenantId: 'acme', chatId }).send()).rejects.toThrow()
    await expect(directory().get('acme', chatId)).rejects.toMatchObject({ code: 'internal' })
  })

  it('claims the active run under the same conditions: no chat, free, held by the expected run or another', async () => {
    const seeds = [
      undefined,
      seedChat(),
      seedChat({ activeRunId: 'r1', activeAt: AT }),
      seedChat({ activeRunId: 'r2' }),
    ]
    for (const seed of seeds)
      for (const expected of [undefined, 'r1'])
        await same({
          pk,
          ...(seed ? { seed } : {}),
          toolbox: (chatId) =>
            unlessTaken(() =>
              chats()
                .build(UpdateItemCommand)
                .item({ tenantId: 'acme', chatId, activeRunId: 'r1', activeAt: AT })
                .options({
                  condition:
                    expected === undefined
                      ? {
                          and: [
                            { attr: 'chatId', exists: true },
                            { attr: 'activeRunId', exists: false },
                          ],
                        }
                      : { attr: 'activeRunId', eq: expected },
                })
                .send(),
            ),
          raw: (chatId) => directory().claimActiveRun('acme', chatId, expected, 'r1'),
        })
  })
})
