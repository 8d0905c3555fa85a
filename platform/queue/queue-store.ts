import type { Envelope } from '#events'

/** Why a delivery failed: the code, the message, and whether a retry helps. */
export interface DeliveryFailure {
  code: string
  message: string
  retryable: boolean
}

/** A queued message as its queue keeps it: delivery order is `id` order within a group. */
export interface StoredMessage {
  id: number
  queue: string
  /** Messages of one group (one run) are delivered one at a time, in order. */
  group: string
  event: Envelope
  /** Deliveries started so far, including one a crash interrupted (SQS `ApproximateReceiveCount`). */
  receives: number
  /** Epoch ms before which the message is not delivered (a retry's back-off). */
  visibleAt: number
}

/** A message its queue gave up on, kept until someone redrives or discards it. */
export interface DeadLetter {
  id: number
  queue: string
  event: Envelope
  reason: DeliveryFailure
  receives: number
  /** ISO time it was dead-lettered. */
  at: string
}

export interface DeadLetterFilter {
  /** One letter by its id. */
  id?: number
  tenantId?: string
  queue?: string
  runId?: string
  limit?: number
}

/**
 * Where an embedded queue keeps its messages and dead letters. Every call is synchronous and
 * atomic, and returns once the change is as durable as the adapter makes it: the SQLite adapter
 * survives a killed process, the memory adapter only the queue object.
 */
export interface QueueStore {
  /** Every message of `queue` in delivery order: after a restart, what was not finished. */
  pending(queue: string): StoredMessage[]
  add(queue: string, group: string, event: Envelope): StoredMessage
  /** Records that a delivery of the message started (the receive count survives a crash). */
  received(id: number, receives: number): void
  /** Makes a failed message wait until `visibleAt` before its next delivery. */
  delay(id: number, visibleAt: number): void
  /** The message was handled: it is gone. */
  remove(id: number): void
  /** Moves the message to the dead letters with the reason, in one step. */
  deadLetter(message: StoredMessage, reason: DeliveryFailure, at: string): DeadLetter
  deadLetters(filter?: DeadLetterFilter): DeadLetter[]
  /** Removes and returns a dead letter (to redrive or discard it); undefined when there is none. */
  takeDeadLetter(id: number): DeadLetter | undefined
  close(): void
}

/** A {@link QueueStore} in memory: the queue's semantics without durability (Lambda's in-process sync path, tests). */
export const makeMemoryQueueStore = (): QueueStore => {
  const messages = new Map<number, StoredMessage>()
  const letters = new Map<number, DeadLetter>()
  let nextId = 1
  const matches = (letter: DeadLetter, filter: DeadLetterFilter) =>
    (filter.id === undefined || letter.id === filter.id) &&
    (filter.tenantId === undefined || letter.event.meta.tenantId === filter.tenantId) &&
    (filter.queue === undefined || letter.queue === filter.queue) &&
    (filter.runId === undefined || letter.event.meta.runId === filter.runId)

  return {
    pending: (queue) => [...messages.values()].filter((m) => m.queue === queue),
    add: (queue, group, event) => {
      const message = { id: nextId++, queue, group, event, receives: 0, visibleAt: 0 }
      messages.set(message.id, message)
      return { ...message }
    },
    received: (id, receives) => {
      const message = messages.get(id)
      if (message) message.receives = receives
    },
    delay: (id, visibleAt) => {
      const message = messages.get(id)
      if (message) message.visibleAt = visibleAt
    },
    remove: (id) => {
      messages.delete(id)
    },
    deadLetter: (message, reason, at) => {
      messages.delete(message.id)
      const letter = {
        id: nextId++,
        queue: message.queue,
        event: message.event,
        reason,
        receives: message.receives,
        at,
      }
      letters.set(letter.id, letter)
      return letter
    },
    deadLetters: (filter = {}) =>
      [...letters.values()]
        .filter((l) => matches(l, filter))
        .slice(0, filter.limit ?? Number.MAX_SAFE_INTEGER),
    takeDeadLetter: (id) => {
      const letter = letters.get(id)
      letters.delete(id)
      return letter
    },
    close: () => {},
  }
}
