import { z } from 'zod'
import { defineEvent } from '../define-event.ts'
import { RunId } from '../ids.ts'

/** Sources outside systems may use: reverse-DNS-like names; `chorus.` is reserved for Chorus itself. */
export const ExternalSource = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-z0-9][a-z0-9._/-]*$/, 'must be lowercase letters, digits, . _ / or -, like acme.billing')
  .refine((source) => !source.startsWith('chorus.') && source !== 'chorus', {
    message: 'the chorus. prefix is reserved for events Chorus produces',
  })
export type ExternalSource = z.infer<typeof ExternalSource>

/** What kind of fact an outside system reports (EventBridge's detail-type), e.g. `InvoicePaid`. */
export const DetailType = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._:-]*$/, 'must be letters, digits, space . _ : or -')

/** Name of a trigger (a versioned definition): a lowercase slug. */
export const TriggerName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lowercase slug')
export type TriggerName = z.infer<typeof TriggerName>

/** The external event as an EventBridge event: what trigger patterns are matched against. */
export const ExternalEvent = z
  .object({
    source: ExternalSource,
    detailType: DetailType,
    /** The producer's payload: any JSON object. */
    detail: z.record(z.string(), z.unknown()),
    /** When the producer says it happened; when Chorus received it otherwise. */
    time: z.iso.datetime(),
  })
  .strict()
export type ExternalEvent = z.infer<typeof ExternalEvent>

export const ExternalEventReceived = defineEvent({
  name: 'ExternalEventReceived',
  version: 1,
  source: 'chorus.api',
  description:
    'An outside system published an event to Chorus (POST /events); triggers whose pattern matches it start runs.',
  data: z
    .object({
      event: ExternalEvent,
      /** The runs the matching triggers started, by trigger name. */
      runs: z.array(z.object({ trigger: TriggerName, runId: RunId }).strict()).max(50),
    })
    .strict(),
})
