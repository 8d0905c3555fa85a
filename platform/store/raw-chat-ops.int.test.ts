import { PutCommand } from '@aws-sdk/lib-dynamodb'
import { GetItemCommand, PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { expect, it } from 'vitest'
import { makeApiKeyStore } from './api-key-store.ts'
import { makeChatStore } from './chat-store.ts'
import { makeApiKeyEntity } from './entities/api-key.ts'
import { makeChatMessageEntity } from './entities/chat-message.ts'
import { chatPk, keys, SK_PREFIX } from './keys.ts'
import { describeOnBothEngines } from './raw-ops.harness.ts'

/**
 * Chat messages and API keys, sent raw (`chat-store.ts`, `api-key-store.ts`), store and answer what
 * toolbox's commands did (see `raw-ops.harness.ts`).
 */
describeOnBothEngines("raw chat message and API key operations as toolbox's", ({ env, same }) => {
  const message = (messageId: string, role: 'user' | 'assistant' = 'user') => ({
    messageId,
    role,
    content: `said ${messageId}`,
    runId: `run-${messageId}`,
    createdAt: `2026-12-02T10:00:0${messageId.at(-1)}.000Z`,
  })
  const IDS = ['01A1', '01A2', '01A3', '01A4', '01A5']
  const pk = (chatId: string) => chatPk('acme', chatId)
  /** Five messages, and an item of another entity among them (the entity filter must skip it). */
  const seedChat = async (chatId: string) => {
    const messages = makeChatMessageEntity(env.table)
    for (const [i, id] of IDS.entries())
      await messages
        .build(PutItemCommand)
        .item({ tenantId: 'acme', chatId, ...message(id, i % 2 === 0 ? 'user' : 'assistant') })
        .send()
    await env.table.getDocumentClient().send(
      new PutCommand({
        TableName: env.table.getName(),
        Item: { PK: pk(chatId), SK: `${SK_PREFIX.message}01A35`, _et: 'Other', content: 'x' },
      }),
    )
  }
  const toolboxRecord = ({ messageId, role, content, runId, createdAt }: ReturnType<typeof message>) => ({
    messageId,
    role,
    content,
    runId,
    createdAt,
  })

  it('adds a message once, as toolbox put it (a second put of its id is refused)', async () => {
    for (const seed of [undefined, seedChat])
      for (const m of [message('01A3'), message('01A9', 'assistant')])
        await same({
          pk,
          ...(seed ? { seed } : {}),
          toolbox: async (chatId) => {
            await makeChatMessageEntity(env.table)
              .build(PutItemCommand)
              .item({ tenantId: 'acme', chatId, ...m })
              .options({ condition: { attr: 'messageId', exists: false } })
              .send()
          },
          // An attribute the record does not name is not stored (toolbox's parser dropped it).
          raw: (chatId) => makeChatStore(env.table).addMessage('acme', chatId, { ...m, extra: 1 } as never),
        })
  })

  it("reads a chat's recent messages and its whole history as toolbox's queries did", async () => {
    const toolboxRecent = async (chatId: string, before: string, limit: number) => {
      const { Items = [] } = await env.table
        .build(QueryCommand)
        .query({
          partition: pk(chatId),
          range: { between: [SK_PREFIX.message, `${SK_PREFIX.message}${before}`] },
        })
        .entities(makeChatMessageEntity(env.table))
        .options({ consistent: true, reverse: true, limit: limit + 1 })
        .send()
      return Items.filter((m) => m.messageId !== before)
        .slice(0, limit)
        .reverse()
        .map(toolboxRecord)
    }
    for (const seed of [undefined, seedChat]) {
      for (const [before, limit] of [
        ['01A5', 2],
        ['01A4', 1],
        ['01A4', 10],
        ['01A1', 3],
        ['01A9', 2],
        ['01A9', 50],
        ['01A3', 0],
      ] as const)
        await same({
          pk,
          ...(seed ? { seed } : {}),
          toolbox: (chatId) => toolboxRecent(chatId, before, limit),
          raw: (chatId) => makeChatStore(env.table).recentMessages('acme', chatId, { before, limit }),
        })
      await same({
        pk,
        ...(seed ? { seed } : {}),
        toolbox: async (chatId) => {
          const { Items = [] } = await env.table
            .build(QueryCommand)
            .query({ partition: pk(chatId), range: { beginsWith: SK_PREFIX.message } })
            .entities(makeChatMessageEntity(env.table))
            .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
            .send()
          return Items.map(toolboxRecord)
        },
        raw: (chatId) => makeChatStore(env.table).listMessages('acme', chatId),
      })
    }
    // The filtered item takes a place of the page, as it did with toolbox: one message, not two.
    const answers = await same({
      pk,
      seed: seedChat,
      toolbox: (chatId) => toolboxRecent(chatId, '01A5', 2),
      raw: (chatId) => makeChatStore(env.table).recentMessages('acme', chatId, { before: '01A5', limit: 2 }),
    })
    expect(answers[0]).toMatchObject({ result: [{ messageId: '01A4' }] })
  })

  it('refuses a stored message that breaks its schema, as toolbox did', async () => {
    const chatId = `broken-${Date.now()}`
    await seedChat(chatId)
    await env.table.getDocumentClient().send(
      new PutCommand({
        TableName: env.table.getName(),
        Item: {
          ...keys.chatMessage('acme', chatId, '01A4'),
          _et: 'ChatMessage',
          tenantId: 'acme',
          chatId,
          ...message('01A4'),
          role: 'system',
        },
      }),
    )
    await expect(
      env.table
        .build(QueryCommand)
        .query({ partition: pk(chatId), range: { beginsWith: SK_PREFIX.message } })
        .entities(makeChatMessageEntity(env.table))
        .options({ consistent: true })
        .send(),
    ).rejects.toThrow()
    const chats = makeChatStore(env.table)
    await expect(chats.listMessages('acme', chatId)).rejects.toMatchObject({ code: 'internal' })
    await expect(chats.recentMessages('acme', chatId, { before: '01A5', limit: 2 })).rejects.toMatchObject({
      code: 'internal',
    })
  })

  it('reads an API key as toolbox did: live, revoked, missing', async () => {
    const keyPk = (keyId: string) => keys.apiKey('acme', keyId).PK
    const seedKey =
      (revokedAt?: string) =>
      async (keyId: string): Promise<void> => {
        await makeApiKeyEntity(env.table)
          .build(PutItemCommand)
          .item({
            tenantId: 'acme',
            keyId,
            hash: 'ab'.repeat(32),
            label: 'ci',
            createdAt: '2026-12-01T00:00:00.000Z',
            ...(revokedAt ? { revokedAt } : {}),
          })
          .send()
      }
    for (const seed of [undefined, seedKey(), seedKey('2026-12-02T00:00:00.000Z')])
      await same({
        pk: keyPk,
        ...(seed ? { seed } : {}),
        toolbox: async (keyId) => {
          const { Item } = await makeApiKeyEntity(env.table)
            .build(GetItemCommand)
            .key({ tenantId: 'acme', keyId })
            .options({ consistent: true })
            .send()
          if (!Item) return undefined
          const { tenantId: t, keyId: k, hash, label, createdAt, revokedAt } = Item
          return { tenantId: t, keyId: k, hash, label, createdAt, ...(revokedAt ? { revokedAt } : {}) }
        },
        raw: (keyId) => makeApiKeyStore(env.table).get('acme', keyId),
      })

    const keyId = `broken-${Date.now()}`
    await env.table.getDocumentClient().send(
      new PutCommand({
        TableName: env.table.getName(),
        Item: {
          ...keys.apiKey('acme', keyId),
          _et: 'ApiKey',
          tenantId: 'acme',
          keyId,
          label: 'ci',
          createdAt: 'c',
        },
      }),
    )
    await expect(
      makeApiKeyEntity(env.table).build(GetItemCommand).key({ tenantId: 'acme', keyId }).send(),
    ).rejects.toThrow()
    await expect(makeApiKeyStore(env.table).get('acme', keyId)).rejects.toMatchObject({ code: 'internal' })
  })
})
