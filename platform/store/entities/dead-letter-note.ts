import { boolean, Entity, item, map, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/**
 * Why a consumer's queue gave up on one event (SQS keeps no reason with a message it moves to the
 * DLQ): written by the last failed delivery, read when people list the DLQ.
 */
export const makeDeadLetterNoteEntity = (table: ChorusTable) =>
  new Entity({
    name: 'DeadLetterNote',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      consumer: string().key(),
      eventId: string().key(),
      reason: map({ code: string(), message: string(), retryable: boolean() }),
      receives: number(),
      at: string(),
    }),
    computeKey: ({ tenantId, runId, consumer, eventId }) =>
      keys.deadLetterNote(tenantId, runId, consumer, eventId),
  })
