import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { makeApiKeyStore } from './api-key-store.ts'
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

  it('stores API keys by tenant and id', async () => {
    const apiKeys = makeApiKeyStore(env.table)
    expect(await apiKeys.put({ tenantId: 'acme', keyId: 'k1', hash: 'abc', label: 'dev' })).toBe(true)
    expect(await apiKeys.put({ tenantId: 'acme', keyId: 'k1', hash: 'def', label: 'dev' })).toBe(false)
    expect(await apiKeys.get('acme', 'k1')).toMatchObject({ hash: 'abc', label: 'dev' })
    expect(await apiKeys.get('globex', 'k1')).toBeUndefined()
  })
})
