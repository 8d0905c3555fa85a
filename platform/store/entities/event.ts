import { Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import { leaseAttributes } from '../lease.ts'
import type { ChorusTable } from '../table.ts'

/**
 * One event of a run's log at its `seq`. The body is the envelope exactly as appended, chained
 * to the previous event by hash; GSI2 indexes the archive by day for replay windows.
 */
export const makeEventEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Event',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      seq: number().key(),
      eventId: string(),
      name: string(),
      version: number(),
      occurredAt: string(),
      body: string(),
      /** Hash chain: `hash = sha256(prevHash + canonicalJson(event))`, GENESIS_HASH before seq 1. */
      prevHash: string(),
      hash: string(),
      GSI2PK: string(),
      GSI2SK: string(),
    }),
    computeKey: ({ tenantId, runId, seq }) => keys.event(tenantId, runId, seq),
  })

/**
 * Remembers which `seq` an event id was appended at, so a re-published event is not appended
 * twice. It is written in the same transaction as the event. (Earlier versions first claimed the id
 * with a lease and recorded the `seq` afterwards: such a claim has no `seq` and is taken over once
 * its lease has expired.)
 */
export const makeEventMarkerEntity = (table: ChorusTable) =>
  new Entity({
    name: 'EventMarker',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      eventId: string().key(),
      seq: number().optional(),
      ...leaseAttributes,
    }),
    computeKey: ({ tenantId, runId, eventId }) => keys.eventMarker(tenantId, runId, eventId),
  })
