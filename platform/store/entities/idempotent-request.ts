import { Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import { leaseAttributes } from '../lease.ts'
import type { ChorusTable } from '../table.ts'

/**
 * An HTTP request sent with an `Idempotency-Key`: `processing` under a lease while the first
 * attempt runs, then `done` with its response (gzipped), kept until `expiresAt`.
 */
export const makeIdempotentRequestEntity = (table: ChorusTable) =>
  new Entity({
    name: 'IdempotentRequest',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      requestKey: string().key(),
      /** SHA-256 of method, path and body: the same key with another request is refused. */
      requestHash: string(),
      status: string().enum('processing', 'done'),
      ...leaseAttributes,
      expiresAt: number(),
      response: string().optional(),
    }),
    computeKey: ({ tenantId, requestKey }) => keys.idempotentRequest(tenantId, requestKey),
  })
