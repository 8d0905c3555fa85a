import { Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import { leaseAttributes } from '../lease.ts'
import type { ChorusTable } from '../table.ts'

/**
 * A consumer's idempotency record for one event id: `processing` under a lease while a
 * delivery handles it, `done` once its side effects are committed.
 */
export const makeDedupEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Dedup',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      consumer: string().key(),
      eventId: string().key(),
      status: string().enum('processing', 'done'),
      ...leaseAttributes,
      expiresAt: number(),
    }),
    computeKey: ({ tenantId, consumer, eventId }) => keys.dedup(tenantId, consumer, eventId),
  })
