import { describe, expect, it } from 'vitest'
import { type Envelope, newId } from '#events'
import { ChorusError } from '../errors/index.ts'
import { silentLogger } from '../log/index.ts'
import { type DeadLetter, LocalQueue } from './local-queue.ts'

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
})
