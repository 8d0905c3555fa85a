import { describe, expect, it } from 'vitest'
import { CONSUMERS, type Consumer, type Envelope, newId, RunCompleted, RunRequested } from '#events'
import { silentLogger } from '../log/index.ts'
import { LocalQueue } from '../queue/index.ts'
import { makeEventLog } from '../store/index.ts'
import { startTestTable } from '../store/testing.ts'
import { type Delivery, type DeliveryPath, describeBus } from './bus.conformance.ts'
import { makeLocalBus } from './local-bus.ts'

/** A local queue that records how each event reached it, then what its handler received. */
class RecordingQueue extends LocalQueue {
  private readonly paths = new Map<string, DeliveryPath>()

  constructor(consumer: Consumer, deliveries: Delivery[], inProcess: Delivery[]) {
    super({
      name: consumer,
      logger: silentLogger,
      handler: async (event) => {
        deliveries.push({
          consumer,
          eventId: event.meta.eventId,
          path: this.paths.get(event.meta.eventId) ?? 'queue',
        })
      },
    })
    this.record = (event, path) => {
      this.paths.set(event.meta.eventId, path)
      if (path === 'inProcess') inProcess.push({ consumer, eventId: event.meta.eventId, path })
    }
  }

  private readonly record: (event: Envelope, path: DeliveryPath) => void

  override dispatch(event: Envelope): void {
    this.record(event, 'inProcess')
    super.dispatch(event)
  }

  override send(event: Envelope): void {
    this.record(event, 'queue')
    super.send(event)
  }
}

describeBus('local (dynalite log, in-process queues)', async () => {
  const env = await startTestTable()
  const deliveries: Delivery[] = []
  const inProcess: Delivery[] = []
  const queues = Object.fromEntries(
    CONSUMERS.map((c) => [c, new RecordingQueue(c, deliveries, inProcess)]),
  ) as unknown as Record<Consumer, LocalQueue>
  const log = makeEventLog(env.table)
  return {
    bus: makeLocalBus({ log, queues, logger: silentLogger }),
    log,
    inProcess: () => [...inProcess],
    settled: async () => {
      const all = Object.values(queues)
      while (!all.every((q) => q.isIdle())) await Promise.all(all.map((q) => q.idle()))
      return [...deliveries]
    },
    close: async () => {
      for (const queue of Object.values(queues)) queue.stop()
      await env.close()
    },
  }
})

describe('local bus with a work filter', () => {
  it('queues no delivery its filter says has no work, and every other one', async () => {
    // Prepare: real queues and log; the filter keeps the projector to run ends.
    const env = await startTestTable()
    const handled: string[] = []
    const queues = Object.fromEntries(
      CONSUMERS.map((consumer) => [
        consumer,
        new LocalQueue({
          name: consumer,
          logger: silentLogger,
          handler: async (event) => void handled.push(`${consumer}:${event.meta.name}`),
        }),
      ]),
    ) as Record<Consumer, LocalQueue>
    const bus = makeLocalBus({
      log: makeEventLog(env.table),
      queues,
      logger: silentLogger,
      hasWork: (consumer, event) => consumer !== 'projector' || event.meta.name === 'RunCompleted',
    })
    const meta = (route: 'sync' | 'async') => ({
      tenantId: 'acme',
      runId,
      correlationId: runId,
      causationId: null,
      route,
      actor: { kind: 'system' as const, id: 'test' },
    })
    const runId = newId()

    // Act
    await bus.publish([
      RunRequested.draft({ request: 'hello' }, meta('sync')),
      RunCompleted.draft({ output: 'answer', finalSteps: ['s1'] }, meta('async')),
    ])
    const all = Object.values(queues)
    while (!all.every((q) => q.isIdle())) await Promise.all(all.map((q) => q.idle()))

    // Assess: the projector got the run's end only; the planner its request.
    expect(handled.sort()).toEqual(['planner:RunRequested', 'projector:RunCompleted'])
    await env.close()
  })
})
