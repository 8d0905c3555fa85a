import { type Consumer, consumersOf, type Draft, type Envelope, findDefinition } from '#events'
import type { BlobStore } from '../blobs/blob-store.ts'
import { ChorusError } from '../errors/index.ts'
import type { Logger } from '../log/index.ts'
import type { EventLog } from '../store/index.ts'
import { appendInOrder, type Bus, type BusListener, notifyListeners } from './bus.ts'
import { offloadDetail } from './offload.ts'
import { makePutEventsSender, type OutgoingEntry, type PutEventsClient } from './put-events.ts'

export interface EventBridgeBusDeps {
  /** The run log events are appended to before they travel (`append`, and `appendAll` for a state change published with its events). */
  log: Pick<EventLog, 'append' | 'appendAll'>
  /** The EventBridge client, built by the composition root. */
  client: PutEventsClient
  busName: string
  /** Where fields too large for an entry go (see `offload.ts`). */
  blobs: BlobStore
  logger: Logger
  /**
   * In-process delivery of a `sync` event to one of its consumers, right away (the composition
   * root's in-process queues). `async` events reach their consumers through the bus rules instead.
   */
  dispatch: (consumer: Consumer, event: Envelope) => void
  /** PutEvents retries of failed entries. */
  retry?: { maxAttempts?: number; backoffMs?: number }
}

/**
 * The AWS bus. `publish` appends each event to its run's log (assigning `seq`), puts every event on
 * EventBridge (`Source` = definition source, `DetailType` = name, `Detail` = `{ meta, data }`, large
 * fields by reference), then dispatches `sync` events in-process and tells the listeners. The rules
 * generated from the routes deliver `async` events to the consumers' queues.
 */
export const makeEventBridgeBus = ({
  log,
  client,
  busName,
  blobs,
  logger,
  dispatch,
  retry = {},
}: EventBridgeBusDeps): Bus => {
  const listeners = new Set<BusListener>()
  const send = makePutEventsSender({ client, logger, ...retry })

  const toEntry = async (event: Envelope): Promise<OutgoingEntry> => {
    const definition = findDefinition(event.meta.name, event.meta.version)
    if (!definition)
      throw new ChorusError(
        'event.unknownName',
        `no definition for ${event.meta.name} v${event.meta.version}`,
      )
    const { detail, offloaded } = await offloadDetail({ event, source: definition.source, blobs })
    if (offloaded.length > 0)
      logger.info('event fields offloaded to the blob store', { eventId: event.meta.eventId, offloaded })
    return {
      eventId: event.meta.eventId,
      entry: {
        EventBusName: busName,
        Source: definition.source,
        DetailType: event.meta.name,
        Detail: detail,
      },
    }
  }

  const deliver = (event: Envelope) => {
    if (event.meta.route === 'sync')
      for (const consumer of consumersOf(event.meta.name)) dispatch(consumer, event)
    notifyListeners(listeners, event, logger.warn)
  }

  return {
    publish: async (drafts, options = {}) => {
      const list: readonly Draft[] = Array.isArray(drafts) ? drafts : [drafts as Draft]
      const appended = await appendInOrder(log, list, options)
      await send(await Promise.all(appended.map(toEntry)))
      for (const event of appended) deliver(event)
      return appended
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
