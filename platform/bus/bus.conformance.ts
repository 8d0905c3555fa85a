import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type Consumer,
  consumersOf,
  type Envelope,
  newId,
  type Route,
  RunCompleted,
  RunRequested,
  StepCompleted,
  TaskQueued,
} from '#events'
import type { EventLog } from '../store/index.ts'
import type { Bus } from './bus.ts'

/** How an event reached a consumer: handed over in the producer's process, or through the consumer's queue. */
export type DeliveryPath = 'inProcess' | 'queue'

export interface Delivery {
  consumer: Consumer
  eventId: string
  path: DeliveryPath
}

/** A bus under test, with the log it appends to and a view of what its consumers received. */
export interface BusHarness {
  bus: Bus
  log: EventLog
  /** In-process deliveries so far, without waiting (a sync delivery must be there when `publish` resolves). */
  inProcess(): Delivery[]
  /** Every delivery, once the queues have settled (queued work done). */
  settled(): Promise<Delivery[]>
  close(): Promise<void>
}

const TENANT = 'acme'
const context = (runId: string, route: Route, eventId?: string) => ({
  tenantId: TENANT,
  runId,
  correlationId: runId,
  causationId: null,
  route,
  actor: { kind: 'system' as const, id: 'test' },
  ...(eventId ? { eventId } : {}),
})
const requested = (runId: string, route: Route, eventId?: string) =>
  RunRequested.draft({ request: 'hello' }, context(runId, route, eventId))
const task = (runId: string, route: Route) =>
  TaskQueued.draft(
    { stepId: 'research', team: 'researcher', goal: 'g', instruction: 'i', inputs: [] },
    context(runId, route),
  )
const completed = (runId: string, route: Route) =>
  StepCompleted.draft({ stepId: 'research', output: { text: 'done' } }, context(runId, route))
const ended = (runId: string, route: Route) =>
  RunCompleted.draft({ output: 'answer', finalSteps: ['research'] }, context(runId, route))

const of = (deliveries: Delivery[], events: Envelope[]) => {
  const ids = new Set(events.map((e) => e.meta.eventId))
  return deliveries
    .filter((d) => ids.has(d.eventId))
    .map(({ consumer, eventId, path }) => `${eventId}:${consumer}:${path}`)
    .sort()
}

/** What `events/routes.ts` says: each event to each of its consumers, by the event's route. */
const expected = (events: Envelope[]) =>
  events
    .flatMap((e) =>
      consumersOf(e.meta.name).map(
        (c) => `${e.meta.eventId}:${c}:${e.meta.route === 'sync' ? 'inProcess' : 'queue'}`,
      ),
    )
    .sort()

/**
 * The behaviour every {@link Bus} adapter must show (DESIGN §3): append first, in order, gap-free;
 * sync events handed to their consumer in-process before `publish` resolves; async events through
 * the consumer's queue, once; every appended event to every subscriber.
 * @example describeBus('local', startLocalBusHarness)
 */
export const describeBus = (name: string, start: () => Promise<BusHarness>) =>
  describe(`Bus conformance: ${name}`, () => {
    let h: BusHarness
    beforeAll(async () => {
      h = await start()
    })
    afterAll(() => h?.close())

    it('appends a batch to the run log in order at seq 1..n and returns the appended events', async () => {
      const runId = newId()
      const published = await h.bus.publish([
        requested(runId, 'async'),
        task(runId, 'async'),
        ended(runId, 'async'),
      ])
      expect(published.map((e) => [e.meta.seq, e.meta.name])).toEqual([
        [1, 'RunRequested'],
        [2, 'TaskQueued'],
        [3, 'RunCompleted'],
      ])
      expect(await h.log.list(TENANT, runId)).toEqual(published)
    })

    it('hands a sync event to its consumer in-process before publish resolves, and never through its queue', async () => {
      const runId = newId()
      const published = await h.bus.publish(requested(runId, 'sync'))
      expect(of(h.inProcess(), published)).toEqual(expected(published))
      expect(of(await h.settled(), published)).toEqual(expected(published))
      expect(of(h.inProcess(), published).some((d) => d.endsWith(':planner:inProcess'))).toBe(true)
    })

    it('delivers an async event through the queues of its consumers, once each, and to no one else', async () => {
      const runId = newId()
      const published = await h.bus.publish([task(runId, 'async'), completed(runId, 'async')])
      expect(of(h.inProcess(), published)).toEqual([])
      const settled = of(await h.settled(), published)
      expect(settled).toEqual(expected(published))
      expect(settled.some((d) => d.endsWith(':workers:queue'))).toBe(true)
    })

    it('delivers each event to exactly the consumers the routes name, whatever the route', async () => {
      const runId = newId()
      const published = await h.bus.publish([
        ended(runId, 'sync'),
        ended(newId(), 'async'),
        requested(newId(), 'async'),
      ])
      expect(of(await h.settled(), published)).toEqual(expected(published))
    })

    it('tells each subscriber about every appended event until it unsubscribes, despite a failing one', async () => {
      const runId = newId()
      const seen: string[] = []
      const stopFailing = h.bus.subscribe(() => {
        throw new Error('listener bug')
      })
      const stop = h.bus.subscribe((e) => {
        if (e.meta.runId === runId) seen.push(`${e.meta.seq}:${e.meta.name}`)
      })
      await h.bus.publish([requested(runId, 'async'), ended(runId, 'sync')])
      stop()
      stopFailing()
      await h.bus.publish(ended(runId, 'async'))
      expect(seen).toEqual(['1:RunRequested', '2:RunCompleted'])
    })

    it('appends a re-published event id once and returns the first append', async () => {
      const runId = newId()
      const eventId = newId()
      const first = await h.bus.publish(requested(runId, 'async', eventId))
      const again = await h.bus.publish(requested(runId, 'async', eventId))
      expect(again).toEqual(first)
      expect(await h.log.list(TENANT, runId)).toHaveLength(1)
    })

    it('numbers each run on its own', async () => {
      const [a, b] = [newId(), newId()]
      await h.bus.publish([requested(a, 'async'), ended(a, 'async')])
      const published = await h.bus.publish([requested(b, 'async'), ended(a, 'async')])
      expect(published.map((e) => [e.meta.runId, e.meta.seq])).toEqual([
        [b, 1],
        [a, 3],
      ])
    })
  })
