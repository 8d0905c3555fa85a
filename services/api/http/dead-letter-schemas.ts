import { z } from 'zod'
import { CONSUMERS, type Consumer, EventId, RunId } from '#events'

/** Request and response schemas of the dead-letter endpoints (ADR 0017). */

/** Opaque: a number on the embedded runtime, `<consumer>.<SQS message id>` on AWS. */
export const DeadLetterId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, 'must be a dead-letter id as GET /dead-letters lists it')
export const DeadLetterIdParam = z.object({ id: DeadLetterId })

export const ListDeadLettersQuery = z
  .object({
    consumer: z
      .enum(CONSUMERS as [Consumer, ...Consumer[]])
      .optional()
      .describe("only this consumer's queue"),
    runId: RunId.optional().describe('only the letters of this run'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict()

const Failure = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() })

export const DeadLetterSummary = z.object({
  id: DeadLetterId,
  consumer: z
    .string()
    .describe('the consumer whose queue gave up: planner, supervisor, workers or projector'),
  runId: RunId,
  eventName: z.string(),
  eventId: EventId,
  reason: Failure.describe('why the last delivery failed'),
  receives: z.number().int().describe('deliveries before the queue gave up'),
  at: z.iso.datetime().describe('when it was dead-lettered'),
})
export const DeadLetterPage = z.object({ deadLetters: z.array(DeadLetterSummary) })
export const DeadLetterDetail = DeadLetterSummary.extend({
  event: z.looseObject({ meta: z.record(z.string(), z.unknown()), data: z.unknown() }),
})

export const RedriveAnswer = z.object({
  deadLetter: DeadLetterSummary.describe('the letter, now back on its queue'),
  run: z.object({
    runId: RunId,
    effect: z
      .enum(['resumed', 'unchanged'])
      .describe('`resumed`: the run had failed only because of this letter and goes on (RunResumed)'),
    status: z.string().describe("the run's status right after the redrive"),
    note: z.string().describe('what happens to the run, in words'),
  }),
})
