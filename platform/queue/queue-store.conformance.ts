import { describe, expect, it } from 'vitest'
import { type Envelope, newId } from '#events'
import type { QueueStore } from './queue-store.ts'

export const testEvent = (runId: string, seq: number, tenantId = 'acme'): Envelope => ({
  meta: {
    eventId: newId(),
    name: 'StepCompleted',
    version: 1,
    occurredAt: new Date().toISOString(),
    tenantId,
    runId,
    seq,
    correlationId: runId,
    causationId: null,
    route: 'async',
    actor: { kind: 'system', id: 'test' },
  },
  data: { n: seq },
})

const r1 = newId()
const r2 = newId()
const r9 = newId()
const failure = { code: 'step.failed', message: 'broken', retryable: false }

/** The behaviour every {@link QueueStore} adapter must show; `open` gives a fresh, empty store. */
export const describeQueueStore = (name: string, open: () => QueueStore) =>
  describe(`QueueStore conformance: ${name}`, () => {
    it('keeps messages per queue in the order they were added, with their receive count and visibility', () => {
      const store = open()
      const a1 = store.add('workers', 'acme#r1', testEvent(r1, 1))
      store.add('planner', 'acme#r2', testEvent(r2, 1))
      const a2 = store.add('workers', 'acme#r1', testEvent(r1, 2))
      store.received(a1.id, 2)
      store.delay(a2.id, 12345)
      expect(
        store.pending('workers').map((m) => [m.group, m.event.meta.seq, m.receives, m.visibleAt]),
      ).toEqual([
        ['acme#r1', 1, 2, 0],
        ['acme#r1', 2, 0, 12345],
      ])
      expect(store.pending('workers')[0]?.event).toEqual(a1.event)
      store.remove(a1.id)
      expect(store.pending('workers').map((m) => m.id)).toEqual([a2.id])
      store.close()
    })

    it('moves a message to the dead letters with its reason, lists them by tenant, queue and run, and hands one back once', () => {
      const store = open()
      const mine = store.add('workers', 'acme#r1', testEvent(r1, 1))
      const theirs = store.add('workers', 'globex#r9', testEvent(r9, 1, 'globex'))
      store.received(mine.id, 3)
      const letter = store.deadLetter({ ...mine, receives: 3 }, failure, '2026-12-02T00:00:00.000Z')
      store.deadLetter(theirs, failure, '2026-12-02T00:00:01.000Z')

      expect(store.pending('workers')).toEqual([])
      expect(store.deadLetters({ tenantId: 'acme' })).toEqual([letter])
      expect(letter).toMatchObject({ queue: 'workers', reason: failure, receives: 3, event: mine.event })
      expect(store.deadLetters({ queue: 'planner' })).toEqual([])
      expect(store.deadLetters({ runId: r9 }).map((l) => l.event.meta.tenantId)).toEqual(['globex'])
      expect(store.deadLetters({ limit: 1 })).toHaveLength(1)
      expect(store.deadLetters({ id: letter.id, tenantId: 'acme' })).toEqual([letter])
      expect(store.deadLetters({ id: letter.id, tenantId: 'globex' })).toEqual([])

      expect(store.takeDeadLetter(letter.id)).toEqual(letter)
      expect(store.takeDeadLetter(letter.id)).toBeUndefined()
      expect(store.deadLetters({ tenantId: 'acme' })).toEqual([])
      store.close()
    })
  })
