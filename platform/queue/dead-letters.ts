import { CONSUMERS, type Consumer, type Envelope, type Failure } from '#events'

/** A message a consumer's queue gave up on, as people see it: always one tenant's, under an opaque id. */
export interface DeadLetterEntry {
  /** Opaque; meaningful only to the adapter that listed it (and only to the tenant it belongs to). */
  id: string
  consumer: Consumer
  /** The event as it was queued. */
  event: Envelope
  /** Why the last delivery failed. */
  reason: Failure
  /** Deliveries it got before the queue gave up (SQS `ApproximateReceiveCount`). */
  receives: number
  /** ISO time it was dead-lettered. */
  at: string
}

export interface DeadLetterQuery {
  consumer?: Consumer
  runId?: string
  /** At most this many (default 50). */
  limit?: number
}

/**
 * The dead letters of every consumer queue, per tenant: list and read them, put one back on its
 * queue (redrive) or drop it (discard). Every call takes the caller's tenant: an id of another
 * tenant's letter, like an unknown or malformed id, finds nothing (undefined). Adapters: the
 * embedded queue store (`embedded-dead-letters.ts`) and the consumers' SQS DLQs (`sqs-dead-letters.ts`),
 * both run through `dead-letters.conformance.ts`.
 */
export interface DeadLetters {
  /** The tenant's letters, oldest first. */
  list(tenantId: string, query?: DeadLetterQuery): Promise<DeadLetterEntry[]>
  get(tenantId: string, id: string): Promise<DeadLetterEntry | undefined>
  /**
   * Sends the message back to its consumer's queue, with a fresh receive count, and removes the
   * letter; returns what was redriven. At least once: a crash in between may leave the letter
   * as well, and redriving it again delivers an event id its consumer handles once.
   */
  redrive(tenantId: string, id: string): Promise<DeadLetterEntry | undefined>
  /** Removes the letter without delivering it; returns what was discarded. */
  discard(tenantId: string, id: string): Promise<DeadLetterEntry | undefined>
}

export const DEFAULT_DEAD_LETTER_LIMIT = 50

/** True for the name of a consumer (and so of its queue). */
export const isConsumer = (name: string): name is Consumer => (CONSUMERS as string[]).includes(name)
