import {
  PutEventsCommand,
  type PutEventsCommandOutput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge'
import { MAX_ENTRY_BYTES } from '#events'
import { ChorusError } from '../errors/index.ts'
import type { Logger } from '../log/index.ts'
import { entrySize } from './offload.ts'

/** What the sender needs of the EventBridge client (tests wrap the real one to inject failures). */
export interface PutEventsClient {
  send(command: PutEventsCommand): Promise<PutEventsCommandOutput>
}

/** One entry to send, with the ids that name it in logs and errors. */
export interface OutgoingEntry {
  eventId: string
  entry: PutEventsRequestEntry & { Source: string; DetailType: string; Detail: string }
}

export interface PutEventsOptions {
  client: PutEventsClient
  logger: Logger
  /** Attempts per entry, the first included (default 5). */
  maxAttempts?: number
  /** Delay before the first retry; doubles per attempt, with jitter (default 100 ms). */
  backoffMs?: number
  sleep?: (ms: number) => Promise<void>
}

/** EventBridge's limits for one PutEvents call. */
export const PUT_EVENTS_MAX_ENTRIES = 10

/** Error codes that no retry will fix; anything else (throttling, internal failure) may pass later. */
const PERMANENT = new Set([
  'MalformedDetail',
  'InvalidArgument',
  'AccessDeniedException',
  'NotAuthorizedForSourceException',
])

const sizeOf = ({ entry }: OutgoingEntry) => entrySize(entry.Source, entry.DetailType, entry.Detail)

/** Splits entries into PutEvents calls: at most 10 entries and `MAX_ENTRY_BYTES` per call, in order. */
export const batchEntries = (entries: readonly OutgoingEntry[]): OutgoingEntry[][] => {
  const batches: OutgoingEntry[][] = []
  let current: OutgoingEntry[] = []
  let bytes = 0
  for (const entry of entries) {
    const size = sizeOf(entry)
    if (current.length > 0 && (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + size > MAX_ENTRY_BYTES)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(entry)
    bytes += size
  }
  if (current.length > 0) batches.push(current)
  return batches
}

interface Failure {
  eventId: string
  code: string
  message: string
}

/**
 * Sends entries with PutEvents. A call that succeeds can still fail some entries (`FailedEntryCount`);
 * only those are sent again, with exponential backoff, up to `maxAttempts`. Entries that still fail are
 * logged and reported in one `bus.publishFailed` error (retryable unless every failure is permanent):
 * nothing is dropped silently.
 */
export const makePutEventsSender = ({
  client,
  logger,
  maxAttempts = 5,
  backoffMs = 100,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: PutEventsOptions) => {
  const sendBatch = async (batch: OutgoingEntry[]): Promise<Failure[]> => {
    let pending = batch
    let failures: Failure[] = []
    for (let attempt = 1; pending.length > 0 && attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(backoffMs * 2 ** (attempt - 2) * (0.5 + Math.random() / 2))
      let results: PutEventsCommandOutput['Entries']
      try {
        results = (await client.send(new PutEventsCommand({ Entries: pending.map((p) => p.entry) }))).Entries
      } catch (error) {
        const e = error as { name?: string; message?: string }
        failures = pending.map((p) => ({
          eventId: p.eventId,
          code: e.name ?? 'Error',
          message: e.message ?? '',
        }))
        logger.warn('PutEvents call failed', { attempt, entries: pending.length, error })
        continue
      }
      failures = pending.flatMap((p, i) => {
        const result = results?.[i]
        if (result?.EventId && !result.ErrorCode) return []
        return [
          { eventId: p.eventId, code: result?.ErrorCode ?? 'NoResult', message: result?.ErrorMessage ?? '' },
        ]
      })
      const failed = new Set(failures.map((f) => f.eventId))
      pending = pending.filter((p) => failed.has(p.eventId))
      if (failures.length > 0 && failures.every((f) => PERMANENT.has(f.code))) break
      if (failures.length > 0) logger.warn('PutEvents entries failed, retrying them', { attempt, failures })
    }
    return failures
  }

  return async (entries: readonly OutgoingEntry[]): Promise<void> => {
    const failures: Failure[] = []
    for (const batch of batchEntries(entries)) failures.push(...(await sendBatch(batch)))
    if (failures.length === 0) return
    logger.error('events not delivered to the bus', { failures })
    throw new ChorusError('bus.publishFailed', `${failures.length} event(s) could not be put on the bus`, {
      retryable: !failures.every((f) => PERMANENT.has(f.code)),
      details: { failures },
    })
  }
}
