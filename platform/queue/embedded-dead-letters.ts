import type { Consumer, Envelope } from '#events'
import {
  DEFAULT_DEAD_LETTER_LIMIT,
  type DeadLetterEntry,
  type DeadLetters,
  isConsumer,
} from './dead-letters.ts'
import type { DeadLetter, QueueStore } from './queue-store.ts'

export interface EmbeddedDeadLettersDeps {
  /** The store the consumer queues keep their dead letters in. */
  store: QueueStore
  /** Where a redriven message goes: the consumer's queue (`LocalQueue.send`). */
  queues: Record<Consumer, { send(event: Envelope): void }>
}

/** `<consumer>.<event id>.<row id>`: naming the event too, a guessed row id finds nothing. */
const idOf = (letter: DeadLetter) => `${letter.queue}.${letter.event.meta.eventId}.${letter.id}`
const ID = /^([a-z]+)\.([0-9A-Z]{26})\.([1-9]\d{0,14})$/

const entryOf = (letter: DeadLetter): DeadLetterEntry | undefined =>
  isConsumer(letter.queue)
    ? {
        id: idOf(letter),
        consumer: letter.queue,
        event: letter.event,
        reason: letter.reason,
        receives: letter.receives,
        at: letter.at,
      }
    : undefined

/**
 * {@link DeadLetters} over the embedded queue store: an id names the consumer, the event and the
 * store's row, and every query is scoped by tenant. A redrive queues the event behind its run's backlog (`send`) and removes the
 * letter in the same tick, so nothing runs in between.
 */
export const makeEmbeddedDeadLetters = ({ store, queues }: EmbeddedDeadLettersDeps): DeadLetters => {
  const find = (tenantId: string, id: string) => {
    if (!ID.test(id)) return undefined
    const [letter] = store.deadLetters({ id: Number(id.split('.')[2]), tenantId })
    return letter && entryOf(letter) && idOf(letter) === id ? letter : undefined
  }
  const take = (letter: DeadLetter) => {
    const taken = store.takeDeadLetter(letter.id)
    return taken && entryOf(taken)
  }

  return {
    list: async (tenantId, query = {}) =>
      store
        .deadLetters({
          tenantId,
          ...(query.consumer ? { queue: query.consumer } : {}),
          ...(query.runId ? { runId: query.runId } : {}),
          limit: query.limit ?? DEFAULT_DEAD_LETTER_LIMIT,
        })
        .flatMap((letter) => entryOf(letter) ?? []),

    get: async (tenantId, id) => {
      const letter = find(tenantId, id)
      return letter && entryOf(letter)
    },

    redrive: async (tenantId, id) => {
      const letter = find(tenantId, id)
      if (!letter || !isConsumer(letter.queue)) return undefined
      queues[letter.queue].send(letter.event)
      return take(letter)
    },

    discard: async (tenantId, id) => {
      const letter = find(tenantId, id)
      return letter && take(letter)
    },
  }
}
