import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { makeApiKeyStore } from './api-key-store.ts'
import { makeChatDirectory } from './chat-directory.ts'
import { makeRequestIdempotency } from './request-idempotency.ts'
import { makeRunControl } from './run-control.ts'
import { makeRunList } from './run-list.ts'
import { makeRunStore } from './run-store.ts'
import { startTestTable } from './testing.ts'

describe('stores behind the HTTP API (embedded engine)', () => {
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

  it('lists runs by time and by status, following status changes', async () => {
    const runs = makeRunStore(env.table)
    const list = makeRunList(env.table)
    const ids = [newId(), newId(), newId()]
    for (const runId of ids) await runs.createRun({ tenantId: 'lister', runId, request: `r ${runId}` })
    await runs.transitionRun({ tenantId: 'lister', runId: ids[0] as string }, ['requested'], 'completed')

    const all = await list('lister', { limit: 10 })
    expect(all.runs.map((r) => r.runId)).toEqual([...ids].reverse())
    const requested = await list('lister', { status: 'requested', limit: 1 })
    expect(requested.runs.map((r) => r.runId)).toEqual([ids[2]])
    const rest = await list('lister', {
      status: 'requested',
      limit: 5,
      ...(requested.next ? { after: requested.next } : {}),
    })
    expect(rest.runs.map((r) => r.runId)).toEqual([ids[1]])
    expect((await list('lister', { status: 'completed', limit: 5 })).runs.map((r) => r.runId)).toEqual([
      ids[0],
    ])
    expect((await list('lister', { since: '2999-01-01T00:00:00.000Z', limit: 5 })).runs).toEqual([])
    expect((await list('other', { limit: 5 })).runs).toEqual([])
  })

  it('hands a run over and keeps the first cancel request id', async () => {
    const runs = makeRunStore(env.table)
    const control = makeRunControl(env.table)
    const key = { tenantId: 'acme', runId: newId() }
    expect(await control.handOver(key)).toBe(false)
    expect(await control.requestCancel(key, 'E1')).toBeUndefined()
    await runs.createRun({ ...key, request: 'x' })
    expect(await control.isHandedOver(key)).toBe(false)
    expect(await control.handOver(key)).toBe(true)
    expect(await control.handOver(key)).toBe(true)
    expect(await control.isHandedOver(key)).toBe(true)
    expect(await control.requestCancel(key, 'E1')).toBe('E1')
    expect(await control.requestCancel(key, 'E2')).toBe('E1')
    expect(await runs.getRun(key.tenantId, key.runId)).not.toHaveProperty('cancelEventId')
  })

  it('tells a worker to stop once a cancel is requested or the run ended', async () => {
    const runs = makeRunStore(env.table)
    const control = makeRunControl(env.table)
    const going = { tenantId: 'acme', runId: newId() }
    const cancelled = { tenantId: 'acme', runId: newId() }
    const failed = { tenantId: 'acme', runId: newId() }
    for (const key of [going, cancelled, failed]) await runs.createRun({ ...key, request: 'x' })
    await runs.transitionRun(going, ['requested'], 'running')
    await control.requestCancel(cancelled, 'E1')
    await runs.transitionRun(failed, ['requested'], 'failed')

    expect(await control.stopRequested(going)).toBeUndefined()
    expect(await control.stopRequested(cancelled)).toBe('cancelled')
    expect(await control.stopRequested(failed)).toBe('ended')
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

  it('stores API keys by tenant and id', async () => {
    const apiKeys = makeApiKeyStore(env.table)
    expect(await apiKeys.put({ tenantId: 'acme', keyId: 'k1', hash: 'abc', label: 'dev' })).toBe(true)
    expect(await apiKeys.put({ tenantId: 'acme', keyId: 'k1', hash: 'def', label: 'dev' })).toBe(false)
    expect(await apiKeys.get('acme', 'k1')).toMatchObject({ hash: 'abc', label: 'dev' })
    expect(await apiKeys.get('globex', 'k1')).toBeUndefined()
  })
})
