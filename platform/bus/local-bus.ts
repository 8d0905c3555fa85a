import { assertWithinEntryLimit, type Consumer, consumersOf, type Draft, type Envelope } from '#events'
import type { Logger } from '../log/index.ts'
import type { LocalQueue } from '../queue/index.ts'
import type { EventLog } from '../store/index.ts'
import { appendInOrder, type Bus, type BusListener, notifyListeners } from './bus.ts'

export interface LocalBusDeps {
  log: EventLog
  queues: Record<Consumer, LocalQueue>
  logger: Logger
  /**
   * Whether a consumer's delivery of an event has work to do; one without is not queued (no stored
   * message, no handler call). Every routed delivery is queued when absent.
   */
  hasWork?: (consumer: Consumer, event: Envelope) => boolean
}

/** The embedded bus: the event log is the archive, and delivery follows `events/routes.ts`. */
export const makeLocalBus = ({ log, queues, logger, hasWork }: LocalBusDeps): Bus => {
  const listeners = new Set<BusListener>()

  const route = (event: Envelope) => {
    for (const consumer of consumersOf(event.meta.name)) {
      if (hasWork && !hasWork(consumer, event)) continue
      const queue = queues[consumer]
      if (event.meta.route === 'sync') queue.dispatch(event)
      else queue.send(event)
    }
    notifyListeners(listeners, event, logger.warn)
  }

  return {
    publish: async (drafts, options = {}) => {
      const list: readonly Draft[] = Array.isArray(drafts) ? drafts : [drafts as Draft]
      for (const draft of list) assertWithinEntryLimit(draft)
      const appended: Envelope[] = await appendInOrder(log, list, options)
      for (const event of appended) route(event)
      return appended
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
