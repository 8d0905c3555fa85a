import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestTable } from '#platform/store/testing.ts'
import { makeChatDirectory } from './chat-directory.ts'
import { makeRequestIdempotency } from './request-idempotency.ts'

describe("the API's own stores (embedded engine)", () => {
  let env: Awaited<ReturnType<typeof startTestTable>>
  beforeAll(async () => {
    env = await startTestTable()
  })
  afterAll(() => env.close())

  it('lists chats newest first, page by page, per tenant', async () => {
    let tick = 0
    const chats = makeChatDirectory(env.table, () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)))
    for (const chatId of ['a', 'b', 'c'])
      expect(await chats.create('acme', { chatId, title: `chat ${chatId}` })).toBe(true)
    expect(await chats.create('acme', { chatId: 'a' })).toBe(false)
    await chats.ensure('acme', 'a')

    const first = await chats.list('acme', { limit: 2 })
    expect(first.chats.map((c) => c.chatId)).toEqual(['c', 'b'])
    const second = await chats.list('acme', { limit: 2, ...(first.next ? { after: first.next } : {}) })
    expect(second.chats.map((c) => c.chatId)).toEqual(['a'])
    expect(second.next).toBeUndefined()
    expect(await chats.get('acme', 'a')).toMatchObject({ chatId: 'a', title: 'chat a' })
    expect(await chats.get('globex', 'a')).toBeUndefined()
    expect((await chats.list('globex', { limit: 10 })).chats).toEqual([])
  })

  it('replays the first answer to a key, refuses another request or a concurrent one, and frees a failed one', async () => {
    let now = 1_000_000
    const requests = makeRequestIdempotency(env.table, { leaseMs: 1000, clock: () => now })
    const response = { statusCode: 202, headers: { location: '/runs/1' }, body: '{"runId":"1"}' }
    expect(await requests.begin('acme', 'k1', 'h1')).toEqual({ kind: 'started' })
    expect(await requests.begin('acme', 'k1', 'h1')).toEqual({ kind: 'inProgress' })
    expect(await requests.begin('acme', 'k1', 'h2')).toEqual({ kind: 'mismatch' })
    expect(await requests.begin('globex', 'k1', 'h1')).toEqual({ kind: 'started' })
    expect(await requests.complete('acme', 'k1', response)).toBe(true)
    expect(await requests.begin('acme', 'k1', 'h1')).toEqual({ kind: 'replay', response })

    expect(await requests.begin('acme', 'k2', 'h')).toEqual({ kind: 'started' })
    await requests.abandon('acme', 'k2')
    expect(await requests.begin('acme', 'k2', 'h')).toEqual({ kind: 'started' })
    now += 5000 // the first attempt's lease ran out (it crashed): a retry takes over
    expect(await requests.begin('acme', 'k2', 'h')).toEqual({ kind: 'started' })
    now += 2 * 24 * 3600 * 1000 // expired: the key is free again
    expect(await requests.begin('acme', 'k1', 'h9')).toEqual({ kind: 'started' })
  })
})
