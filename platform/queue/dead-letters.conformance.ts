import { describe, expect, it } from 'vitest'
import { type Consumer, type Envelope, type Failure, newId } from '#events'
import type { DeadLetters } from './dead-letters.ts'
import { testEvent } from './queue-store.conformance.ts'

/** What the suite needs around an adapter: the adapter, a way to make dead letters, and its queues. */
export interface DeadLettersHarness {
  deadLetters: DeadLetters
  /** Leaves `event` as a dead letter of `consumer`, the way its queue would after failed deliveries. */
  park(
    consumer: Consumer,
    event: Envelope,
    letter: { reason: Failure; receives: number; at: string },
  ): Promise<void>
  /** The events of `tenantId` that arrived on `consumer`'s own queue since the last call. */
  arrived(consumer: Consumer, tenantId: string): Promise<Envelope[]>
}

const failure = (message: string): Failure => ({ code: 'step.failed', message, retryable: true })
/** A tenant no other test (or earlier run of the suite against a shared server) uses. */
const freshTenant = () => `t-${newId().toLowerCase()}`
let clock = Date.parse('2026-12-01T00:00:00.000Z')
const nextAt = () => {
  clock += 1000
  return new Date(clock).toISOString()
}

/**
 * The behaviour every {@link DeadLetters} adapter must show. `open` gives a harness; tests share it
 * and keep apart by tenant.
 */
export const describeDeadLetters = (name: string, open: () => Promise<DeadLettersHarness>) =>
  describe(`DeadLetters conformance: ${name}`, () => {
    const parked = async (h: DeadLettersHarness, consumer: Consumer, event: Envelope, message = 'broken') => {
      const letter = { reason: failure(message), receives: 5, at: nextAt() }
      await h.park(consumer, event, letter)
      return letter
    }

    it("lists only the tenant's letters, oldest first, with consumer, event, reason, receives and time", async () => {
      const h = await open()
      const [mine, theirs] = [freshTenant(), freshTenant()]
      const first = testEvent(newId(), 1, mine)
      const second = testEvent(newId(), 2, mine)
      const a = await parked(h, 'workers', first, 'first')
      await parked(h, 'planner', testEvent(newId(), 1, theirs))
      const b = await parked(h, 'supervisor', second, 'second')

      const letters = await h.deadLetters.list(mine)

      expect(letters.map((l) => [l.consumer, l.event, l.reason, l.receives, l.at])).toEqual([
        ['workers', first, a.reason, 5, a.at],
        ['supervisor', second, b.reason, 5, b.at],
      ])
      expect(new Set(letters.map((l) => l.id)).size).toBe(2)
      expect((await h.deadLetters.list(theirs)).map((l) => l.consumer)).toEqual(['planner'])
      expect(await h.deadLetters.list(freshTenant())).toEqual([])
    })

    it('filters by consumer and by run, and stops at the limit', async () => {
      const h = await open()
      const tenant = freshTenant()
      const runId = newId()
      await parked(h, 'workers', testEvent(runId, 1, tenant))
      await parked(h, 'workers', testEvent(newId(), 1, tenant))
      await parked(h, 'projector', testEvent(runId, 2, tenant))

      expect((await h.deadLetters.list(tenant, { consumer: 'workers' })).map((l) => l.consumer)).toEqual([
        'workers',
        'workers',
      ])
      const ofRun = await h.deadLetters.list(tenant, { runId })
      expect(ofRun.map((l) => [l.consumer, l.event.meta.seq])).toEqual([
        ['workers', 1],
        ['projector', 2],
      ])
      expect(await h.deadLetters.list(tenant, { runId, consumer: 'planner' })).toEqual([])
      expect(await h.deadLetters.list(tenant, { limit: 2 })).toHaveLength(2)
    })

    it('reads one letter by its id; another tenant, an unknown id and a malformed id find nothing', async () => {
      const h = await open()
      const [mine, theirs] = [freshTenant(), freshTenant()]
      const event = testEvent(newId(), 1, mine)
      await parked(h, 'workers', event)
      const [listed] = await h.deadLetters.list(mine)
      if (!listed) throw new Error('the letter was not listed')

      expect(await h.deadLetters.get(mine, listed.id)).toEqual(listed)
      expect(await h.deadLetters.get(theirs, listed.id)).toBeUndefined()
      expect(await h.deadLetters.get(mine, `${listed.id}0`)).toBeUndefined()
      expect(await h.deadLetters.get(mine, '../../etc/passwd')).toBeUndefined()
    })

    it("redrives a letter once: the event is back on its consumer's queue and the letter is gone", async () => {
      const h = await open()
      const tenant = freshTenant()
      const event = testEvent(newId(), 1, tenant)
      const other = testEvent(newId(), 1, tenant)
      await parked(h, 'workers', event)
      await parked(h, 'workers', other)
      const [letter] = await h.deadLetters.list(tenant)
      if (!letter) throw new Error('the letter was not listed')

      const redriven = await h.deadLetters.redrive(tenant, letter.id)

      expect(redriven).toEqual(letter)
      expect(await h.arrived('workers', tenant)).toEqual([event])
      expect((await h.deadLetters.list(tenant)).map((l) => l.event)).toEqual([other])
      expect(await h.deadLetters.get(tenant, letter.id)).toBeUndefined()
      expect(await h.deadLetters.redrive(tenant, letter.id)).toBeUndefined()
      expect(await h.arrived('workers', tenant)).toEqual([])
    })

    it("refuses another tenant's redrive and discard: the letter stays and nothing is delivered", async () => {
      const h = await open()
      const [mine, theirs] = [freshTenant(), freshTenant()]
      await parked(h, 'planner', testEvent(newId(), 1, mine))
      const [letter] = await h.deadLetters.list(mine)
      if (!letter) throw new Error('the letter was not listed')

      expect(await h.deadLetters.redrive(theirs, letter.id)).toBeUndefined()
      expect(await h.deadLetters.discard(theirs, letter.id)).toBeUndefined()

      expect(await h.arrived('planner', mine)).toEqual([])
      expect(await h.deadLetters.list(mine)).toEqual([letter])
    })

    it('discards a letter without delivering it', async () => {
      const h = await open()
      const tenant = freshTenant()
      await parked(h, 'supervisor', testEvent(newId(), 1, tenant))
      const [letter] = await h.deadLetters.list(tenant)
      if (!letter) throw new Error('the letter was not listed')

      expect(await h.deadLetters.discard(tenant, letter.id)).toEqual(letter)

      expect(await h.deadLetters.list(tenant)).toEqual([])
      expect(await h.deadLetters.discard(tenant, letter.id)).toBeUndefined()
      expect(await h.arrived('supervisor', tenant)).toEqual([])
    })
  })
