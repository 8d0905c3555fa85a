import { z } from 'zod'
import { Budget, ChatId, RunId, StepId, TeamName, TriggerName } from '#events'
import { MULTITASK_POLICIES, RUN_STATUSES } from '#platform/store/index.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { TriggerDefinition } from '../triggers/index.ts'

/** Request schemas of the HTTP API: handlers parse with them, the OpenAPI document is generated from them. */

export const ChatIdParam = z.object({ chatId: ChatId })
export const RunIdParam = z.object({ runId: RunId })
export const TeamNameParam = z.object({ name: TeamName })
export const TriggerNameParam = z.object({ name: TriggerName })
export const PromptName = z
  .string()
  .regex(/^[a-z][a-z0-9.-]{0,63}$/, 'must be a lowercase name like planner.system')
export const PromptNameParam = z.object({ name: PromptName })

/** What a message does while the chat's run is still going (double-texting, ADR 0029). */
export const Multitask = z
  .enum(MULTITASK_POLICIES)
  .describe(
    'while the chat has a run going: `reject` (409 chat.busy), `enqueue` (the default: starts when it ends), `interrupt` (cancel it, start this one), `rollback` (cancel it and mark it discarded)',
  )

export const CreateChatBody = z
  .object({
    chatId: ChatId.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    multitask: Multitask.optional(),
  })
  .strict()
export type CreateChatBody = z.infer<typeof CreateChatBody>

export const UpdateChatBody = z.object({ multitask: Multitask }).strict()
export type UpdateChatBody = z.infer<typeof UpdateChatBody>

export const PostMessageBody = z
  .object({
    content: z.string().trim().min(1).max(20_000),
    approval: z
      .enum(['plan'])
      .optional()
      .describe('`plan`: the run stops after its plan and waits for POST /runs/{runId}/approval (ADR 0023)'),
    multitask: Multitask.optional(),
    budget: Budget.optional().describe(
      "the run's limits (`maxTokens`, `maxToolCalls`, `maxSteps`, `maxDurationSec`, `maxCostUsd`): each within the tenant's ceiling (400 otherwise), over its default; reaching one ends the run `budget.exceeded` (ADR 0031)",
    ),
  })
  .strict()

export const CancelRunBody = z
  .object({ reason: z.string().trim().min(1).max(1000).optional() })
  .strict()
  .nullish()

/** An opaque page cursor, as the previous page returned it. */
export const Cursor = z.string().min(1).max(512)
const Limit = z.coerce.number().int().min(1).max(100).default(20)

export const ListQuery = z.object({ limit: Limit, cursor: Cursor.optional() }).strict()

/** A stored version of a definition to read instead of the latest (earlier versions are kept). */
export const VersionQuery = z
  .object({
    version: z.coerce
      .number()
      .int()
      .min(1)
      .optional()
      .describe('a version to read (1 is the first); the latest when left out'),
  })
  .strict()

/** An instant in UTC, read as the store keys write it (`toISOString`, ms), so windows compare exactly. */
const Instant = z.iso.datetime().transform((at) => new Date(at).toISOString())

export const ListRunsQuery = z
  .object({
    status: z.enum(RUN_STATUSES).optional(),
    since: Instant.optional().describe('runs created at or after this instant (UTC); not after `until`'),
    until: Instant.optional().describe('runs created at or before this instant (UTC)'),
    limit: Limit,
    cursor: Cursor.optional(),
  })
  .strict()
  .refine((q) => q.since === undefined || q.until === undefined || q.since <= q.until, {
    message: 'must not be after query.until',
    path: ['since'],
  })

/** `?after=<seq>` or the `Last-Event-ID` header: the last event the client has. */
export const StreamQuery = z
  .object({
    after: z.coerce.number().int().min(0).optional().describe('send the events after this seq'),
  })
  .strict()
export const LastEventId = z.coerce.number().int().min(0)
export const StreamHeaders = z.object({
  'Last-Event-ID': LastEventId.optional().describe('the last seq the client has (as `?after=`)'),
})

/** `Idempotency-Key`: any printable ASCII (a UUID is a good choice), at most 255 characters. */
export const IdempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 printable ASCII characters without spaces')
export const IdempotencyHeaders = z.object({
  'Idempotency-Key': IdempotencyKey.optional().describe(
    'a retry with the same key gets the first answer again (24 h); 1-255 printable ASCII, a UUID is a good choice',
  ),
})

/** `Prefer` (RFC 7240): `respond-async` asks for the 202 at once; other preferences are ignored. */
export const Prefer = z.string().max(1024)
export const PostMessageHeaders = IdempotencyHeaders.extend({
  Prefer: Prefer.optional().describe(
    '`respond-async` (RFC 7240): answer 202 at once, not within the sync budget',
  ),
})

export const TeamBody = TeamDefinition
export const TriggerBody = TriggerDefinition
export const PromptBody = z.object({ text: z.string().min(1).max(50_000) }).strict()

/** One entry of `POST /events`, in the shape of an EventBridge PutEvents entry. */
export const PutEventsEntry = z
  .object({
    Source: z.string(),
    DetailType: z.string(),
    /** A JSON object, or its JSON text (as PutEvents takes it). */
    Detail: z.union([z.string(), z.record(z.string(), z.unknown())]),
    Time: z.iso.datetime({ offset: true }).optional(),
    /** Accepted for PutEvents compatibility; not used. */
    Resources: z.array(z.string().max(2048)).max(10).optional(),
    EventBusName: z.string().max(1600).optional(),
  })
  .strict()

/** `GET /events/schemas`: every event version, or one name (and version). */
export const EventSchemasQuery = z
  .object({
    name: z.string().min(1).max(64).optional(),
    version: z.coerce.number().int().positive().optional(),
  })
  .strict()

/** `POST /events`: 1-10 entries, like PutEvents; each is checked on its own. */
export const PutEventsBody = z.object({ Entries: z.array(z.unknown()).min(1).max(10) }).strict()

/** `?from=<size>&to=<size>`: prove that the signed head of `to` leaves extends the one of `from`. */
export const AnchorsQuery = z
  .object({
    from: z.coerce
      .number()
      .int()
      .min(1)
      .max(1e12)
      .optional()
      .describe('the older signed head, by tree size (default: the first)'),
    to: z.coerce
      .number()
      .int()
      .min(1)
      .max(1e12)
      .optional()
      .describe('the newer signed head, by tree size (default: the latest)'),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'must not be more than query.to',
    path: ['from'],
  })

export const AuditQuery = z
  .object({
    format: z
      .enum(['json', 'text'])
      .default('json')
      .describe('`json` (application/json) or `text` (text/plain, as `chorus audit` prints it)'),
  })
  .strict()

/** Which step's output `GET /runs/{runId}/output` answers. */
export const StepOutputQuery = z
  .object({ step: StepId.describe("the id of a step of the run's plan") })
  .strict()

/** A replay of the caller's archive: a window (at most 366 days, or one run) under a name. */
export const ReplayBody = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase slug'),
    runId: RunId.optional(),
  })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['from'] })

export const ReplayRunParam = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a lowercase slug'),
  runId: RunId,
})
