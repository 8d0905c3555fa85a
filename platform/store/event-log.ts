import {
  type ExecuteTransactWriteInput,
  type ExecuteTransactWriteOptions,
  executeTransactWrite,
  isTransactionCancelled,
  QueryCommand,
} from 'dynamodb-toolbox'
import { chainHash, type Draft, type Envelope, GENESIS_HASH, parseEvent } from '#events'
import { ChorusError } from '../errors/index.ts'
import { makeEventEntity, makeEventMarkerEntity } from './entities/event.ts'
import { gsi, keys, runPk, SK_PREFIX } from './keys.ts'
import { leaseHeld } from './lease.ts'
import { rawGet, rawQuery, rawQueryLast } from './raw-read.ts'
import { rawPutTransaction } from './raw-write.ts'
import { EventBody, EventHead, EventLink, EventMarkerItem } from './stored-items.ts'
import { type ChorusTable, isTransactionConflict } from './table.ts'

/** Append-only, per-run log of events with a gap-free `seq` starting at 1. */
export interface EventLog {
  /**
   * Appends a draft at the next `seq` and returns the appended envelope. Appending the same
   * event id again returns the first append (idempotent).
   */
  append(draft: Draft): Promise<Envelope>
  /**
   * Appends drafts at the next seqs together with `alongside` (the state change that caused them) in
   * one transaction: all of it, or nothing. Drafts must carry fresh event ids (see `append` for retried
   * publications). Fails with `store.conflict` (retryable) when a condition of `alongside` or of an
   * event id does not hold; the caller's delivery then starts over.
   */
  appendAll(drafts: readonly Draft[], alongside: readonly TransactItem[]): Promise<Envelope[]>
  /** The run's events in `seq` order; with `afterSeq`, only those after it (one query of the tail). */
  list(tenantId: string, runId: string, options?: { afterSeq?: number }): Promise<Envelope[]>
  /** The run's log as stored, unparsed, for verification: seq, hash links and the raw body. */
  chain(tenantId: string, runId: string): Promise<ChainLink[]>
  /**
   * The archive between two instants (inclusive, ISO 8601), through GSI2: every run's events,
   * optionally one tenant's or one run's, ordered by run and seq.
   */
  window(range: { from: string; to: string; tenantId?: string; runId?: string }): Promise<Envelope[]>
}

/** One stored link of a run's hash chain. */
export interface ChainLink {
  seq: number
  eventId: string
  prevHash: string
  hash: string
  body: string
}

/** One write of a transaction, as dynamodb-toolbox builds it (`PutTransaction`, `UpdateTransaction`, …). */
export type TransactItem = Exclude<ExecuteTransactWriteInput[number], ExecuteTransactWriteOptions>

const MAX_APPEND_ATTEMPTS = 50

/** Runs whose log head this process remembers (each entry a few dozen bytes). */
const HEAD_CACHE_SIZE = 10_000

export const makeEventLog = (table: ChorusTable): EventLog => {
  const events = makeEventEntity(table)
  const markers = makeEventMarkerEntity(table)

  /**
   * The last seq and hash this process appended per run: the next append builds on it without a read.
   * A stale entry costs nothing but a retry (the event's seq is conditional); it is dropped then.
   */
  const heads = new Map<string, { seq: number; hash: string }>()
  const remember = (tenantId: string, runId: string, last: { seq: number; hash: string }) => {
    const pk = runPk(tenantId, runId)
    heads.delete(pk)
    heads.set(pk, last)
    if (heads.size > HEAD_CACHE_SIZE) heads.delete(heads.keys().next().value as string)
  }
  const head = async (tenantId: string, runId: string): Promise<{ seq: number; hash: string }> =>
    heads.get(runPk(tenantId, runId)) ?? readHead(tenantId, runId)

  // The reads of an append are sent as stored, without toolbox's parser and formatter (raw-read.ts).
  const readHead = async (tenantId: string, runId: string): Promise<{ seq: number; hash: string }> =>
    (await rawQueryLast(events, runPk(tenantId, runId), { beginsWith: SK_PREFIX.event }, EventHead)) ?? {
      seq: 0,
      hash: GENESIS_HASH,
    }

  const readAt = async (tenantId: string, runId: string, seq: number): Promise<Envelope> => {
    const Item = await rawGet(events, { tenantId, runId, seq }, EventBody)
    if (!Item)
      throw new ChorusError('store.notFound', `event ${runId}#${seq} is missing`, { retryable: true })
    return decodeEvent(Item.body)
  }

  /** An event id already in the log, found by scanning the run's partition (only after a crashed writer). */
  const findAppended = async (tenantId: string, runId: string, eventId: string) =>
    (await items(tenantId, runId)).find((item) => item.eventId === eventId)

  /**
   * The event this id was appended as, when a marker already names it; `undefined` when the marker is a
   * claim left by an earlier version of this code (no seq) that has expired and may be taken over.
   */
  const alreadyAppended = async (tenantId: string, runId: string, eventId: string) => {
    const marker = await rawGet(markers, { tenantId, runId, eventId }, EventMarkerItem)
    if (marker?.seq !== undefined) return readAt(tenantId, runId, marker.seq)
    const appended = await findAppended(tenantId, runId, eventId)
    if (appended) return decodeEvent(appended.body)
    if (marker?.leaseUntil !== undefined && marker.leaseUntil >= Date.now())
      throw leaseHeld(`the append of event ${eventId}`)
    return undefined
  }

  /** The two writes that append `draft` right after `previous`: the event, and the marker of its id. */
  const appendWrites = (draft: Draft, previous: { seq: number; hash: string }) => {
    const { tenantId, runId, eventId } = draft.meta
    const seq = previous.seq + 1
    const envelope: Envelope = { meta: { ...draft.meta, seq }, data: draft.data }
    const hash = chainHash(previous.hash, envelope)
    // Built as stored, without toolbox's parser: this is every step's hottest write (raw-write.ts).
    const event = rawPutTransaction(
      events,
      {
        tenantId,
        runId,
        seq,
        eventId,
        name: draft.meta.name,
        version: draft.meta.version,
        occurredAt: draft.meta.occurredAt,
        body: JSON.stringify(envelope),
        prevHash: previous.hash,
        hash,
        ...gsi.archiveByDay(draft.meta.occurredAt, tenantId, runId, seq),
      },
      { attr: 'seq', exists: false },
    )
    const marker = rawPutTransaction(
      markers,
      { tenantId, runId, eventId, seq },
      {
        or: [
          { attr: 'eventId', exists: false },
          {
            and: [
              { attr: 'seq', exists: false },
              { attr: 'leaseUntil', lt: Date.now() },
            ],
          },
        ],
      },
    )
    return { envelope, head: { seq, hash }, writes: [event, marker] as const }
  }

  /**
   * Appends at the next seq in one transaction: the event (only if its seq is free) and the marker that
   * records its id at that seq (only if the id is new). A taken seq means another writer got there first:
   * read the head again. A known id means the event was appended already: answer it as it was.
   */
  const append = async (draft: Draft): Promise<Envelope> => {
    const { tenantId, runId, eventId } = draft.meta
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const next = appendWrites(draft, await head(tenantId, runId))
      try {
        await executeTransactWrite(...next.writes)
        remember(tenantId, runId, next.head)
        return next.envelope
      } catch (error) {
        if (!isTransactionCancelled(error)) throw error
        heads.delete(runPk(tenantId, runId))
        const [eventReason, markerReason] = (error.CancellationReasons ?? []).map((r) => r.Code)
        if (markerReason === 'ConditionalCheckFailed') {
          const appended = await alreadyAppended(tenantId, runId, eventId)
          if (appended) return appended
          continue
        }
        // Another writer took this seq, or the two writes met another transaction: read the head again.
        if (eventReason === 'ConditionalCheckFailed' || isTransactionConflict(error)) continue
        throw error
      }
    }
    throw new ChorusError('store.conflict', `could not append ${draft.meta.name} to run ${runId}`, {
      retryable: true,
    })
  }

  const appendAll: EventLog['appendAll'] = async (drafts, alongside) => {
    const first = drafts[0]
    if (!first) {
      if (alongside.length > 0) await commitAlone(alongside)
      return []
    }
    const { tenantId, runId } = first.meta
    if (drafts.some((d) => d.meta.tenantId !== tenantId || d.meta.runId !== runId))
      throw new ChorusError('internal', 'one transaction appends to one run only')
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      let previous = await head(tenantId, runId)
      const appended = drafts.map((draft) => {
        const next = appendWrites(draft, previous)
        previous = next.head
        return next
      })
      try {
        await executeTransactWrite(...appended.flatMap((a) => a.writes), ...alongside)
        remember(tenantId, runId, previous)
        return appended.map((a) => a.envelope)
      } catch (error) {
        if (!isTransactionCancelled(error)) throw error
        heads.delete(runPk(tenantId, runId))
        const reasons = (error.CancellationReasons ?? []).map((r) => r.Code)
        const seqTaken = appended.some((_, i) => reasons[2 * i] === 'ConditionalCheckFailed')
        const othersFailed = reasons.some(
          (code, i) => code === 'ConditionalCheckFailed' && (i >= 2 * appended.length || i % 2 === 1),
        )
        if (othersFailed)
          throw new ChorusError(
            'store.conflict',
            `a write that goes with ${first.meta.name} no longer applies`,
            {
              retryable: true,
              details: { reasons },
            },
          )
        if (seqTaken || isTransactionConflict(error)) continue
        throw error
      }
    }
    throw new ChorusError('store.conflict', `could not append ${first.meta.name} to run ${runId}`, {
      retryable: true,
    })
  }

  /** State changes without an event: one transaction, and `store.conflict` when a condition fails. */
  const commitAlone = async (alongside: readonly TransactItem[]) => {
    try {
      await executeTransactWrite(...alongside)
    } catch (error) {
      if (!isTransactionCancelled(error)) throw error
      throw new ChorusError('store.conflict', 'a state change no longer applies', {
        retryable: true,
        details: { reasons: (error.CancellationReasons ?? []).map((r) => r.Code) },
      })
    }
  }

  /** A run's events after `afterSeq`, read as stored, without toolbox's formatter (raw-read.ts). */
  const items = (tenantId: string, runId: string, afterSeq = 0) =>
    rawQuery(events, runPk(tenantId, runId), eventsAfter(tenantId, runId, afterSeq), EventLink)

  const window: EventLog['window'] = async ({ from, to, tenantId, runId }) => {
    if (runId && tenantId) {
      // One run: its own partition holds its log; no need to walk the archive day by day.
      const log = (await items(tenantId, runId)).map((item) => decodeEvent(item.body))
      return log.filter((e) => e.meta.occurredAt >= from && e.meta.occurredAt <= to)
    }
    const days = daysBetween(from, to)
    if (days.length > MAX_WINDOW_DAYS)
      throw new ChorusError(
        'http.badRequest',
        `a replay window spans at most ${MAX_WINDOW_DAYS} days; this one spans ${days.length}`,
      )
    const found: Envelope[] = []
    for (const day of days) {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ index: 'GSI2', partition: `ARCHIVE#${day}`, range: { between: [from, `${to}\uffff`] } })
        .entities(events)
        .options({ maxPages: Number.POSITIVE_INFINITY })
        .send()
      for (const item of Items)
        if ((!tenantId || item.tenantId === tenantId) && (!runId || item.runId === runId))
          found.push(decodeEvent(item.body))
    }
    return found.sort(
      (a, b) =>
        a.meta.tenantId.localeCompare(b.meta.tenantId) ||
        a.meta.runId.localeCompare(b.meta.runId) ||
        a.meta.seq - b.meta.seq,
    )
  }

  return {
    window,
    append,
    appendAll,
    list: async (tenantId, runId, { afterSeq } = {}) =>
      (await items(tenantId, runId, afterSeq)).map((item) => decodeEvent(item.body)),
    chain: async (tenantId, runId) =>
      (await items(tenantId, runId)).map(({ seq, eventId, prevHash, hash, body }) => ({
        seq,
        eventId,
        prevHash,
        hash,
        body,
      })),
  }
}

/** The sort keys of a run's events after `afterSeq` (all of them from 0). */
const eventsAfter = (
  tenantId: string,
  runId: string,
  afterSeq: number,
): { beginsWith: string } | { between: [string, string] } => {
  if (afterSeq <= 0) return { beginsWith: SK_PREFIX.event }
  const first = keys.event(tenantId, runId, afterSeq + 1).SK
  return { between: [first, `${SK_PREFIX.event}\uffff`] }
}

/** Longest archive window read in one go (the archive is partitioned by day). */
const MAX_WINDOW_DAYS = 366

/** The UTC days (YYYY-MM-DD) a time range touches; GSI2 partitions the archive by day. */
const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = []
  const end = new Date(to.slice(0, 10)).getTime()
  for (
    let at = new Date(from.slice(0, 10)).getTime();
    at <= end && days.length <= MAX_WINDOW_DAYS;
    at += 86_400_000
  )
    days.push(new Date(at).toISOString().slice(0, 10))
  return days
}

/** A stored event's body as the event it holds; one that no longer parses is an internal error. */
export const decodeEvent = (body: string): Envelope => {
  const parsed = parseEvent(JSON.parse(body))
  if (!parsed.success)
    throw new ChorusError('internal', `stored event no longer parses: ${parsed.error.message}`)
  return parsed.event
}
