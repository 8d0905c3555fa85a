import type { Draft, Envelope } from '#events'

/** Receives every event once it is appended, whichever consumer it is routed to. */
export type BusListener = (event: Envelope) => void

/**
 * The only way services talk. Publishing appends each event to its run's log (assigning
 * `seq`), then routes it to its consumers: right away on the `sync` route, through the
 * consumer's queue on the `async` route.
 */
export interface Bus {
  publish(drafts: Draft | readonly Draft[]): Promise<Envelope[]>
  /** Observes appended events (streams, sync waits); returns the unsubscribe function. */
  subscribe(listener: BusListener): () => void
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
