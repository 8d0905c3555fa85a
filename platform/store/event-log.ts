import { GetItemCommand, PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { type Draft, type Envelope, parseEvent } from '#events'
import { ChorusError } from '../errors/index.ts'
import { makeEventEntity, makeEventMarkerEntity } from './entities/event.ts'
import { gsi, runPk, SK_PREFIX } from './keys.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

/** Append-only, per-run log of events with a gap-free `seq` starting at 1. */
export interface EventLog {
  /**
   * Appends a draft at the next `seq` and returns the appended envelope. Appending the same
   * event id again returns the first append (idempotent).
   */
  append(draft: Draft): Promise<Envelope>
  /** The run's events in `seq` order. */
  list(tenantId: string, runId: string): Promise<Envelope[]>
}

const MAX_APPEND_ATTEMPTS = 50

export const makeEventLog = (table: ChorusTable): EventLog => {
  const events = makeEventEntity(table)
  const markers = makeEventMarkerEntity(table)

  const lastSeq = async (tenantId: string, runId: string): Promise<number> => {
    const { Items } = await table
      .build(QueryCommand)
      .query({ partition: runPk(tenantId, runId), range: { beginsWith: SK_PREFIX.event } })
      .entities(events)
      .options({ reverse: true, limit: 1, consistent: true })
      .send()
    return Items?.[0]?.seq ?? 0
  }

  const readAt = async (tenantId: string, runId: string, seq: number): Promise<Envelope> => {
    const { Item } = await events
      .build(GetItemCommand)
      .key({ tenantId, runId, seq })
      .options({ consistent: true })
      .send()
    if (!Item)
      throw new ChorusError('store.notFound', `event ${runId}#${seq} is missing`, { retryable: true })
    return decode(Item.body)
  }

  const append = async (draft: Draft): Promise<Envelope> => {
    const { tenantId, runId, eventId } = draft.meta
    const marker = await markers
      .build(GetItemCommand)
      .key({ tenantId, runId, eventId })
      .options({ consistent: true })
      .send()
    if (marker.Item) return readAt(tenantId, runId, marker.Item.seq)

    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const seq = (await lastSeq(tenantId, runId)) + 1
      const envelope: Envelope = { meta: { ...draft.meta, seq }, data: draft.data }
      try {
        await events
          .build(PutItemCommand)
          .item({
            tenantId,
            runId,
            seq,
            eventId,
            name: draft.meta.name,
            version: draft.meta.version,
            occurredAt: draft.meta.occurredAt,
            body: JSON.stringify(envelope),
            ...gsi.archiveByDay(draft.meta.occurredAt, tenantId, runId, seq),
          })
          .options({ condition: { attr: 'seq', exists: false } })
          .send()
      } catch (error) {
        if (isConditionalFailure(error)) continue // another writer took this seq: read the head again
        throw error
      }
      await markers.build(PutItemCommand).item({ tenantId, runId, eventId, seq }).send()
      return envelope
    }
    throw new ChorusError('store.conflict', `could not append ${draft.meta.name} to run ${runId}`, {
      retryable: true,
    })
  }

  const list = async (tenantId: string, runId: string): Promise<Envelope[]> => {
    const { Items = [] } = await table
      .build(QueryCommand)
      .query({ partition: runPk(tenantId, runId), range: { beginsWith: SK_PREFIX.event } })
      .entities(events)
      .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
      .send()
    return Items.map((item) => decode(item.body))
  }

  return { append, list }
}

const decode = (body: string): Envelope => {
  const parsed = parseEvent(JSON.parse(body))
  if (!parsed.success)
    throw new ChorusError('internal', `stored event no longer parses: ${parsed.error.message}`)
  return parsed.event
}
