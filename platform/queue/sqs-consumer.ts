import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { z } from 'zod'
import { type Consumer, describeFailure, type Envelope, type Failure, parseEvent } from '#events'
import type { BlobStore } from '../blobs/blob-store.ts'
import { resolveOffloaded } from '../bus/offload.ts'
import { describeError, isChorusError } from '../errors/index.ts'
import type { Logger } from '../log/index.ts'
import type { RetryBackoff } from './sqs-retry-backoff.ts'

export interface SqsConsumerDeps {
  consumer: Consumer
  /** Handles one delivery, at most once per event id (`core.consume`). */
  consume: (consumer: Consumer, event: Envelope) => Promise<void>
  /** Ends the event's run with the reason when its last delivery failed (`core.deadLettered`). */
  deadLettered: (consumer: Consumer, event: Envelope, reason: Failure) => Promise<void>
  /** Where offloaded event fields are read from. */
  blobs: BlobStore
  logger: Logger
  /** The queue's `maxReceiveCount`: the receive that fails at this count is the last one before the DLQ. */
  maxReceives: number
  /**
   * Retries within the invocation for a conflict that clears in milliseconds (another delivery
   * holds the run's lease, or won the checkpoint head), instead of waiting out the visibility timeout.
   */
  conflictRetries?: { attempts: number; backoffMs: number }
  /**
   * Shortens the wait before a failed record's next delivery to a back-off by receive (seconds,
   * doubling) instead of the queue's whole visibility timeout; none leaves SQS's own timing.
   */
  retryBackoff?: RetryBackoff
}

/** Conflicts between two deliveries of one run: the other one finishes in moments. */
const SHORT_CONFLICTS = new Set(['lease.held', 'store.conflict', 'checkpoint.conflict'])

/** An EventBridge event as an SQS target receives it; `replay-name` marks a replayed event. */
const BridgeEvent = z.looseObject({
  source: z.string(),
  'detail-type': z.string(),
  detail: z.unknown(),
  'replay-name': z.string().min(1).max(64).optional(),
})

type Decoded = { ok: true; event: Envelope } | { ok: false; problems: string[] }

/** Body → EventBridge event → offloaded fields resolved → replay name carried → `parseEvent`. */
const decode = async (record: SQSRecord, blobs: BlobStore): Promise<Decoded> => {
  let body: unknown
  try {
    body = JSON.parse(record.body)
  } catch {
    return { ok: false, problems: ['body: is not valid JSON'] }
  }
  const bridge = BridgeEvent.safeParse(body)
  if (!bridge.success) return { ok: false, problems: ['body: is not an EventBridge event'] }
  const { source, 'detail-type': detailType, 'replay-name': replay } = bridge.data
  const resolved = (await resolveOffloaded(bridge.data.detail, blobs)) as { meta?: Record<string, unknown> }
  const detail =
    replay && resolved?.meta && resolved.meta.replay === undefined
      ? { ...resolved, meta: { ...resolved.meta, replay } }
      : resolved
  const parsed = parseEvent({ source, 'detail-type': detailType, detail })
  return parsed.success ? { ok: true, event: parsed.event } : { ok: false, problems: parsed.error.problems }
}

/**
 * The Lambda handler of a consumer's queue (SQS event source with `reportBatchItemFailures`).
 *
 * - Each record is decoded on its own: body → EventBridge event → offloaded fields fetched →
 *   `parseEvent`. A record that does not decode is logged with its problems and reported failed, so
 *   SQS moves it to the DLQ after `maxReceives` (kept for inspection and redrive, e.g. an event
 *   version a newer deployment understands); it never fails its siblings.
 * - Records of one run are handled one after the other in queue order; runs in parallel.
 * - A failed record is reported in `batchItemFailures`; when it was its last receive
 *   (`ApproximateReceiveCount >= maxReceives`) `deadLettered` ends the run with the reason first.
 *   Non-retryable errors are not cut short: only SQS can move a message to the DLQ.
 * - Duplicates (same `meta.eventId`, any envelope id) cause one side effect: `consume` is idempotent.
 */
export const makeSqsConsumer = ({
  consumer,
  consume,
  deadLettered,
  blobs,
  logger,
  maxReceives,
  conflictRetries = { attempts: 3, backoffMs: 150 },
  retryBackoff,
}: SqsConsumerDeps) => {
  /** Consumes, going again after a short pause while the error is a momentary conflict. */
  const consumeWithRetries = async (event: Envelope) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await consume(consumer, event)
      } catch (error) {
        const short = isChorusError(error) && error.retryable && SHORT_CONFLICTS.has(error.code)
        if (!short || attempt > conflictRetries.attempts) throw error
        await new Promise((resolve) => setTimeout(resolve, conflictRetries.backoffMs * attempt))
      }
    }
  }

  const handleRecord = async (record: SQSRecord, decoded: Decoded): Promise<boolean> => {
    const receives = Number(record.attributes?.ApproximateReceiveCount ?? '1')
    const log = logger.child({ consumer, messageId: record.messageId, receives })
    if (!decoded.ok) {
      log.error('record is not a valid event, left for the DLQ', { problems: decoded.problems })
      return false
    }
    const { event } = decoded
    try {
      await consumeWithRetries(event)
      return true
    } catch (error) {
      const reason = describeFailure(describeError(error))
      const last = receives >= maxReceives
      const context = { eventId: event.meta.eventId, runId: event.meta.runId, event: event.meta.name, reason }
      if (!last) {
        const retryInSeconds = await retryBackoff?.(record, receives).catch((backoffError: unknown) => {
          log.warn('could not shorten the wait before the retry', { error: describeError(backoffError) })
          return undefined
        })
        log.warn('delivery failed, SQS will redeliver', { ...context, retryInSeconds })
        return false
      }
      log.error('last delivery failed, ending the run and leaving the record for the DLQ', context)
      await deadLettered(consumer, event, reason).catch((hookError: unknown) =>
        log.error('could not end the run of a dead-lettered record', {
          ...context,
          error: describeError(hookError),
        }),
      )
      return false
    }
  }

  return async (batch: SQSEvent): Promise<SQSBatchResponse> => {
    const decoded = await Promise.all(
      batch.Records.map(async (record) => {
        try {
          return await decode(record, blobs)
        } catch (error) {
          return { ok: false as const, problems: [`offloaded data: ${describeError(error).message}`] }
        }
      }),
    )
    const groups = new Map<string, number[]>()
    decoded.forEach((d, i) => {
      const group = d.ok ? `${d.event.meta.tenantId}#${d.event.meta.runId}` : `invalid#${i}`
      groups.set(group, [...(groups.get(group) ?? []), i])
    })
    const failed: string[] = []
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        for (const i of indexes) {
          const record = batch.Records[i] as SQSRecord
          if (!(await handleRecord(record, decoded[i] as Decoded))) failed.push(record.messageId)
        }
      }),
    )
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) }
  }
}

/** The handler type of a queue consumer, as Lambda calls it. */
export type SqsBatchHandler = ReturnType<typeof makeSqsConsumer>
