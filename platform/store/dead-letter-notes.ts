import { DeleteItemCommand, GetItemCommand, PutItemCommand } from 'dynamodb-toolbox'
import type { Failure } from '#events'
import { makeDeadLetterNoteEntity } from './entities/dead-letter-note.ts'
import type { ChorusTable } from './table.ts'

/** One event a consumer gave up on. */
export interface DeadLetterNoteKey {
  tenantId: string
  runId: string
  consumer: string
  eventId: string
}

export interface DeadLetterNote {
  reason: Failure
  receives: number
  /** ISO time the last delivery failed. */
  at: string
}

/**
 * Why a queue gave up on an event, for the DLQs that keep no reason themselves (SQS). One item in
 * the run's partition per (consumer, event): `record` one put, `get` one read, `remove` one delete.
 */
export interface DeadLetterNotes {
  /** Keeps the note (the latest failure wins when an event is dead-lettered again). */
  record(key: DeadLetterNoteKey, note: DeadLetterNote): Promise<void>
  get(key: DeadLetterNoteKey): Promise<DeadLetterNote | undefined>
  remove(key: DeadLetterNoteKey): Promise<void>
}

export const makeDeadLetterNotes = (table: ChorusTable): DeadLetterNotes => {
  const notes = makeDeadLetterNoteEntity(table)
  return {
    record: async (key, note) => {
      await notes
        .build(PutItemCommand)
        .item({ ...key, ...note })
        .send()
    },
    get: async (key) => {
      const { Item } = await notes.build(GetItemCommand).key(key).options({ consistent: true }).send()
      return Item ? { reason: Item.reason, receives: Item.receives, at: Item.at } : undefined
    },
    remove: async (key) => {
      await notes.build(DeleteItemCommand).key(key).send()
    },
  }
}
