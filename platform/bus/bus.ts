import type { Draft, Envelope } from '#events'
import type { EventLog, TransactItem } from '../store/event-log.ts'

/** Receives every event once it is appended, whichever consumer it is routed to. */
export type BusListener = (event: Envelope) => void

/**
 * The only way services talk. Publishing appends each event to its run's log (assigning
 * `seq`), then routes it to its consumers: right away on the `sync` route, through the
 * consumer's queue on the `async` route.
 */
export interface Bus {
  publish(drafts: Draft | readonly Draft[], options?: PublishOptions): Promise<Envelope[]>
  /** Observes appended events (streams, sync waits); returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void
}

export interface PublishOptions {
  /**
   * The state change these events report, stored in the same transaction as their append: the events
   * are in the log exactly when it happened. The drafts then need fresh ids (`EventLog.appendAll`).
   */
  alongside?: readonly TransactItem[]
}

/** Tells every listener about an event; a failing listener is logged and never stops the others. */
export const notifyListeners = (
  listeners: ReadonlySet<BusListener>,
  event: Envelope,
  warn: (message: string, data: Record<string, unknown>) => void,
) => {
  for (const listener of listeners) {
    try {
      listener(event)
    } catch (error) {
      warn('bus listener failed', { eventId: event.meta.eventId, error })
    }
  }
}

/**
 * Appends a publication's drafts in order: one by one (each idempotent by its event id), or, with a
 * state change alongside, all in the transaction that stores it.
 */
export const appendInOrder = async (
  log: Pick<EventLog, 'append' | 'appendAll'>,
  drafts: readonly Draft[],
  { alongside }: PublishOptions,
): Promise<Envelope[]> => {
  if (alongside && alongside.length > 0) return log.appendAll(drafts, alongside)
  const appended: Envelope[] = []
  // In order: a run's events must reach the log in the order they were produced.
  for (const draft of drafts) appended.push(await log.append(draft))
  return appended
}
