import type { PollOptions, PollResult } from './sqs-poller.ts'

export interface DrainUntilDeadlineOptions {
  /** One receive-handle-delete round (an `SqsPoller.pollOnce`). */
  poll: (options: PollOptions) => Promise<PollResult>
  /** Milliseconds left in this invocation (`context.getRemainingTimeInMillis`). */
  remainingMs: () => number
  /** Time kept in hand: no new task is taken with less than this left (the longest a task may take). */
  reserveMs: number
  /** Longest long-poll, seconds (SQS allows 20). */
  maxWaitSeconds?: number
  /** Called before each receive (e.g. to pick up a rotated secret). */
  beforeEach?: () => Promise<void>
}

export interface DrainSummary extends PollResult {
  /** `deadline`: less than `reserveMs` left; `empty`: a long poll found nothing. */
  stoppedBy: 'deadline' | 'empty'
}

/**
 * The long-running task runner's loop (Lambda's 15-minute budget): takes one task at a time while
 * more than `reserveMs` remains, hides it for the rest of the invocation (so no other runner takes it
 * meanwhile, and it comes back if this one is cut off), and stops when the queue is empty or time is short.
 */
export const drainUntilDeadline = async ({
  poll,
  remainingMs,
  reserveMs,
  maxWaitSeconds = 20,
  beforeEach,
}: DrainUntilDeadlineOptions): Promise<DrainSummary> => {
  const totals = { received: 0, succeeded: 0, failed: 0 }
  for (;;) {
    const spare = remainingMs() - reserveMs
    if (spare <= 0) return { ...totals, stoppedBy: 'deadline' }
    await beforeEach?.()
    const result = await poll({
      max: 1,
      waitSeconds: Math.min(maxWaitSeconds, Math.floor(spare / 1000)),
      visibilityTimeoutSeconds: Math.max(1, Math.ceil(remainingMs() / 1000)),
    })
    if (result.received === 0) return { ...totals, stoppedBy: 'empty' }
    totals.received += result.received
    totals.succeeded += result.succeeded
    totals.failed += result.failed
  }
}
