import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { type Envelope, newId } from '#events'
import { ChorusError } from '../errors/index.ts'
import { silentLogger } from '../log/index.ts'
import { awayFromSlot } from './delivery-slot.ts'
import { type DeadLetter, LocalQueue } from './local-queue.ts'
import { openSqliteQueueStore } from './sqlite-queue-store.ts'

const event = (runId: string, seq: number): Envelope => ({
  meta: {
    eventId: newId(),
    name: 'StepCompleted',
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId: 'acme',
    runId,
    seq,
    correlationId: runId,
    causationId: null,
    route: 'async',
    actor: { kind: 'system', id: 'test' },
  },
  data: {},
})

describe('LocalQueue', () => {
  it('handles the messages of one run one at a time, in order', async () => {
    const seen: number[] = []
    let inFlight = 0
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      handler: async (e) => {
        inFlight++
        expect(inFlight).toBe(1)
        await new Promise((r) => setTimeout(r, 2))
        seen.push(e.meta.seq)
        inFlight--
      },
    })
    const runId = newId()
    queue.send(event(runId, 1))
    queue.dispatch(event(runId, 2))
    queue.send(event(runId, 3))
    await queue.idle()
    expect(seen).toEqual([1, 2, 3])
  })

  it('redelivers a retryable failure with backoff until it succeeds', async () => {
    let receives = 0
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      backoffMs: 1,
      handler: async () => {
        receives++
        if (receives < 3) throw new ChorusError('store.conflict', 'busy', { retryable: true })
      },
    })
    queue.send(event(newId(), 1))
    await queue.idle()
    expect(receives).toBe(3)
    expect(queue.deadLetters).toEqual([])
  })

  it('dead-letters after maxReceives and reports the reason once', async () => {
    const letters: DeadLetter[] = []
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      backoffMs: 1,
      maxReceives: 3,
      handler: async () => {
        throw new Error('always broken')
      },
      onDeadLetter: async (letter) => void letters.push(letter),
    })
    const runId = newId()
    queue.send(event(runId, 1))
    queue.send(event(runId, 2))
    await queue.idle()
    expect(letters.map((l) => [l.event.meta.seq, l.receives, l.reason.message])).toEqual([
      [1, 3, 'always broken'],
      [2, 3, 'always broken'],
    ])
  })

  it('dead-letters a non-retryable failure at once', async () => {
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      handler: async () => {
        throw new ChorusError('event.invalid', 'bad input')
      },
    })
    queue.dispatch(event(newId(), 1))
    await queue.idle()
    expect(queue.deadLetters.map((l) => l.receives)).toEqual([1])
  })

  it('holds no delivery slot while a failed run waits for its retry', async () => {
    const order: string[] = []
    let poisonReceives = 0
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      concurrency: 1,
      backoffMs: 60_000,
      maxReceives: 2,
      handler: async (e) => {
        if (e.meta.runId === poison) {
          poisonReceives++
          throw new ChorusError('store.conflict', 'poison', { retryable: true })
        }
        order.push(e.meta.runId)
      },
    })
    const poison = newId()
    const healthy = [newId(), newId(), newId()]
    queue.send(event(poison, 1))
    for (const runId of healthy) queue.send(event(runId, 1))
    await vi.waitFor(() => expect(order).toEqual(healthy))
    expect(poisonReceives).toBe(1)
    expect(queue.isIdle()).toBe(false)
    queue.stop()
  })

  it('serves fresh messages before a redelivery that is due', async () => {
    const poison = newId()
    const healthy = [newId(), newId(), newId()]
    const order: string[] = []
    let openGate: () => void = () => {}
    const gate = new Promise<void>((resolve) => (openGate = resolve))
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      concurrency: 1,
      backoffMs: 1,
      maxReceives: 2,
      handler: async (e) => {
        order.push(e.meta.runId === poison ? 'poison' : `healthy-${healthy.indexOf(e.meta.runId)}`)
        if (e.meta.runId === healthy[0]) await gate
        if (e.meta.runId === poison) throw new ChorusError('model.failed', 'poison', { retryable: true })
      },
    })
    queue.send(event(poison, 1))
    await vi.waitFor(() => expect(order).toEqual(['poison']))
    queue.send(event(healthy[0] as string, 1))
    await vi.waitFor(() => expect(order).toEqual(['poison', 'healthy-0']))
    // The redelivery comes due while the only slot is busy; then more fresh work arrives.
    await new Promise((r) => setTimeout(r, 20))
    queue.send(event(healthy[1] as string, 1))
    queue.send(event(healthy[2] as string, 1))
    openGate()
    await queue.idle()
    expect(order).toEqual(['poison', 'healthy-0', 'healthy-1', 'healthy-2', 'poison'])
    expect(queue.deadLetters).toHaveLength(1)
  })

  it('runs redeliveries one at a time, whatever the concurrency', async () => {
    const poison = [newId(), newId(), newId()]
    const receives = new Map<string, number>()
    let retriesInFlight = 0
    let mostRetriesInFlight = 0
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      concurrency: 4,
      backoffMs: 1,
      maxReceives: 3,
      handler: async (e) => {
        const receive = (receives.get(e.meta.runId) ?? 0) + 1
        receives.set(e.meta.runId, receive)
        if (receive > 1) retriesInFlight++
        mostRetriesInFlight = Math.max(mostRetriesInFlight, retriesInFlight)
        await new Promise((r) => setTimeout(r, 5))
        if (receive > 1) retriesInFlight--
        throw new ChorusError('model.failed', 'poison', { retryable: true })
      },
    })
    for (const runId of poison) queue.send(event(runId, 1))
    await queue.idle()
    expect([...receives.values()]).toEqual([3, 3, 3])
    expect(mostRetriesInFlight).toBe(1)
    expect(queue.deadLetters).toHaveLength(poison.length)
  })

  it('serves other runs while a delivery waits away from its slot, and keeps that run in order', async () => {
    const order: string[] = []
    let release: () => void = () => {}
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      concurrency: 1,
      handler: async (e) => {
        if (e.meta.runId === slow && e.meta.seq === 1)
          await awayFromSlot(() => new Promise<void>((r) => (release = r)))
        order.push(`${e.meta.runId === slow ? 'slow' : 'other'}:${e.meta.seq}`)
      },
    })
    const slow = newId()
    queue.send(event(slow, 1))
    queue.send(event(slow, 2))
    queue.send(event(newId(), 1))
    await vi.waitFor(() => expect(order).toEqual(['other:1']))
    release()
    await queue.idle()
    expect(order).toEqual(['other:1', 'slow:1', 'slow:2'])
  })

  it('delivers a message again when its delivery outlives the visibility timeout, and ignores the stale outcome', async () => {
    const deliveries: number[] = []
    let release: () => void = () => {}
    const queue = new LocalQueue({
      name: 't',
      logger: silentLogger,
      backoffMs: 1,
      visibilityTimeoutMs: 20,
      handler: async () => {
        deliveries.push(deliveries.length + 1)
        if (deliveries.length === 1) await new Promise<void>((r) => (release = r))
      },
    })
    queue.send(event(newId(), 1))
    await queue.idle()
    expect(deliveries).toEqual([1, 2])
    release()
    await queue.settled()
    expect(queue.deadLetters).toEqual([])
    expect(queue.isIdle()).toBe(true)
  })
})

describe('LocalQueue on the SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-lq-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  let n = 0
  const freshPath = () => join(dir, `q${n++}.sqlite`)

  it('delivers after a restart what the stopped process left queued or in flight, in order', async () => {
    const path = freshPath()
    const runId = newId()
    const first = openSqliteQueueStore({ path })
    const stuck = new LocalQueue({
      name: 'workers',
      logger: silentLogger,
      store: first,
      handler: () => new Promise<void>(() => {}),
    })
    stuck.send(event(runId, 1))
    stuck.send(event(runId, 2))
    stuck.stop()
    first.close()

    const seen: number[] = []
    const second = openSqliteQueueStore({ path })
    const queue = new LocalQueue({
      name: 'workers',
      logger: silentLogger,
      store: second,
      handler: async (e) => void seen.push(e.meta.seq),
    })
    expect(queue.recoveredCount).toBe(2)
    queue.resume()
    await queue.idle()
    expect(seen).toEqual([1, 2])
    expect(second.pending('workers')).toEqual([])
    second.close()
  })

  it('dead-letters a message whose deliveries never finished maxReceives times (a crash loop)', async () => {
    const path = freshPath()
    const store = openSqliteQueueStore({ path })
    const message = store.add('workers', 'acme#r', event(newId(), 1))
    store.received(message.id, 3)
    const letters: DeadLetter[] = []
    const handled: number[] = []
    const queue = new LocalQueue({
      name: 'workers',
      logger: silentLogger,
      store,
      maxReceives: 3,
      handler: async (e) => void handled.push(e.meta.seq),
      onDeadLetter: async (letter) => void letters.push(letter),
    })
    queue.resume()
    await queue.idle()
    expect(handled).toEqual([])
    expect(letters.map((l) => [l.receives, l.reason.code])).toEqual([[3, 'queue.exhausted']])
    expect(store.deadLetters({ queue: 'workers' })).toHaveLength(1)
    store.close()
  })
})
