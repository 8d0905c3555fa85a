import { describe, expect, it } from 'vitest'
import { type Envelope, newId, TaskQueued } from '#events'
import { ChorusError } from '../errors/index.ts'

/**
 * A queue as a consumer sees it, whatever carries it: the embedded `LocalQueue` or SQS with a
 * redrive policy (through the Lambda consumer, as the event source mapping calls it).
 */
export interface QueueUnderTest {
  send(event: Envelope): Promise<void>
  /** Delivers until nothing is left to deliver (retries included), as fast as the queue allows. */
  drain(): Promise<void>
  /** The ids of the events in the dead letters. */
  deadLetterIds(): Promise<string[]>
}

/** Makes a queue with `maxReceives` whose deliveries call `handle`. */
export type OpenQueue = (
  handle: (event: Envelope) => Promise<void>,
  options: { maxReceives: number },
) => Promise<QueueUnderTest>

export const queueTestEvent = (): Envelope => {
  const runId = newId()
  const draft = TaskQueued.draft(
    { stepId: 's', team: 'researcher', goal: 'g', instruction: 'i', inputs: [] },
    {
      tenantId: 'acme',
      runId,
      correlationId: runId,
      causationId: null,
      route: 'async',
      actor: { kind: 'system', id: 't' },
    },
  )
  return { meta: { ...draft.meta, seq: 1 }, data: draft.data }
}

const retryable = () => new ChorusError('model.failed', 'not yet', { retryable: true })

/** The delivery contract Chorus relies on from SQS, for every queue adapter (embedded and SQS on moto). */
export const describeQueue = (name: string, open: OpenQueue) =>
  describe(`queue conformance: ${name}`, () => {
    it('delivers a message that is handled once, and never again', async () => {
      const seen: string[] = []
      const queue = await open(async (e) => void seen.push(e.meta.eventId), { maxReceives: 3 })
      const event = queueTestEvent()
      await queue.send(event)
      await queue.drain()
      await queue.drain()
      expect(seen).toEqual([event.meta.eventId])
      expect(await queue.deadLetterIds()).toEqual([])
    })

    it('delivers a failed message again until it is handled (at least once)', async () => {
      let deliveries = 0
      const queue = await open(
        async () => {
          deliveries++
          if (deliveries < 3) throw retryable()
        },
        { maxReceives: 5 },
      )
      await queue.send(queueTestEvent())
      await queue.drain()
      expect(deliveries).toBe(3)
      expect(await queue.deadLetterIds()).toEqual([])
    })

    it('moves a message that keeps failing to the dead letters after maxReceives deliveries, and no sibling with it', async () => {
      const poison = queueTestEvent()
      const healthy = queueTestEvent()
      const deliveries = new Map<string, number>()
      const queue = await open(
        async (e) => {
          deliveries.set(e.meta.eventId, (deliveries.get(e.meta.eventId) ?? 0) + 1)
          if (e.meta.eventId === poison.meta.eventId) throw retryable()
        },
        { maxReceives: 3 },
      )
      await queue.send(poison)
      await queue.send(healthy)
      await queue.drain()
      expect(deliveries.get(poison.meta.eventId)).toBe(3)
      expect(deliveries.get(healthy.meta.eventId)).toBe(1)
      expect(await queue.deadLetterIds()).toEqual([poison.meta.eventId])
    })

    it('delivers a message sent twice twice: deduplication is the consumer’s job', async () => {
      const seen: string[] = []
      const queue = await open(async (e) => void seen.push(e.meta.eventId), { maxReceives: 3 })
      const event = queueTestEvent()
      await queue.send(event)
      await queue.send(event)
      await queue.drain()
      expect(seen).toEqual([event.meta.eventId, event.meta.eventId])
    })
  })
