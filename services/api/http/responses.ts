import { z } from 'zod'
import { ChatId, RunId } from '#events'
import { STEP_STATUSES } from '#platform/store/entities/step.ts'
import { MULTITASK_POLICIES, RUN_STATUSES } from '#platform/store/index.ts'
import { SignedHead } from '#services/audit/index.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { TriggerDefinition } from '../triggers/index.ts'

/** Response schemas of the HTTP API, for the OpenAPI document (handlers build these shapes). */

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('dotted error code, e.g. team.invalid or auth.expiredToken'),
    message: z.string(),
    problems: z.array(z.string()).optional(),
  }),
})

export const Chat = z.object({
  chatId: ChatId,
  title: z.string().optional(),
  createdAt: z.iso.datetime(),
  multitask: z
    .enum(MULTITASK_POLICIES)
    .optional()
    .describe('what a message does while the chat has a run going; absent: `enqueue` (ADR 0029)'),
  activeRunId: RunId.optional().describe('the last run a message of this chat started or queued'),
  activeAt: z.iso.datetime().optional().describe('when `activeRunId` was last moved'),
})
export const ChatMessage = z.object({
  messageId: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  runId: RunId,
  createdAt: z.iso.datetime(),
})
export const ChatWithMessages = Chat.extend({ messages: z.array(ChatMessage) })
export const ChatPage = z.object({ chats: z.array(Chat), next: z.string().optional() })

export const RunSummary = z.object({
  runId: RunId,
  status: z.enum(RUN_STATUSES),
  request: z.string(),
  chatId: ChatId.optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export const RunPage = z.object({ runs: z.array(RunSummary), next: z.string().optional() })

const Failure = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() })

const Usage = z.object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() })
const StepOutputView = z.looseObject({
  text: z.string(),
  ref: z.looseObject({ key: z.string(), bytes: z.number(), sha256: z.string() }).optional(),
  usage: z
    .looseObject({ inputTokens: z.number(), outputTokens: z.number(), toolCalls: z.number() })
    .optional(),
})

/** A step of a run as it stands: `queued` once dispatched, then `completed`, `failed` or `aborted`. */
const StepView = z.looseObject({
  stepId: z.string(),
  team: z.string(),
  status: z.enum(STEP_STATUSES),
  inputs: z.array(z.looseObject({ stepId: z.string(), output: StepOutputView })),
  output: StepOutputView.optional(),
  error: Failure.optional(),
})

/** Whether a call record is the one its step or plan event committed to (ADR 0019). */
const CallCheckView = {
  verified: z
    .boolean()
    .nullable()
    .describe(
      'true: the record matches the digest its step or plan event committed to; false: it does not (edited, or added after its step ended), see `verification`; null: not committed yet (step running) or logged before commitments',
    ),
  verification: z.string().optional().describe('why the record is not verified'),
}

/** One model call (the planner's, or a step's), as recorded for audit. */
const ModelCallView = z.looseObject({
  ...CallCheckView,
  stepId: z.string(),
  callId: z.string(),
  provider: z.string(),
  model: z.string(),
  offline: z.boolean(),
  prompt: z.looseObject({ name: z.string(), version: z.number() }).optional(),
  inputHash: z.string(),
  output: z.string(),
  outputTruncated: z.boolean(),
  usage: Usage,
  latencyMs: z.number(),
  error: Failure.optional(),
  startedAt: z.string(),
})

/** One tool call of a step: its input, its result and how long it took. */
const ToolCallView = z.looseObject({
  ...CallCheckView,
  stepId: z.string(),
  callId: z.string(),
  tool: z.string(),
  input: z.unknown(),
  result: z.looseObject({
    ok: z.boolean(),
    data: z.unknown().optional(),
    meta: z.unknown().optional(),
    error: Failure.optional(),
  }),
  durationMs: z.number(),
  startedAt: z.string(),
})

/** A run in full (`GET /runs/{runId}`): the parts of its events, and its log in order. */
export const RunView = RunSummary.omit({ chatId: true })
  .extend({
    chatId: ChatId.optional(),
    output: z.string().optional(),
    failure: Failure.optional(),
    afterRunId: RunId.optional().describe('a queued message: the run of its chat it waited for (ADR 0029)'),
    discardedAt: z.iso
      .datetime()
      .optional()
      .describe('a later message of the chat rolled this run back (`rollback`, ADR 0029)'),
    plan: z
      .looseObject({
        goal: z.string(),
        steps: z.array(
          z.looseObject({
            id: z.string(),
            team: z.string(),
            instruction: z.string(),
            dependsOn: z.array(z.string()),
          }),
        ),
      })
      .optional(),
    model: z.looseObject({ provider: z.string(), model: z.string(), offline: z.boolean() }).optional(),
    steps: z.array(StepView),
    modelCalls: z.array(ModelCallView),
    toolCalls: z.array(ToolCallView),
    callChecks: z
      .object({
        verified: z.number().int(),
        unverified: z.number().int(),
        uncommitted: z.number().int(),
        missing: z.array(
          z.object({
            kind: z.enum(['model', 'tool']),
            callId: z.string(),
            stepId: z.string(),
            seq: z.number().int(),
          }),
        ),
      })
      .describe('call records checked against the chain; `missing`: committed calls whose record is gone'),
    usage: z.record(z.string(), z.number()),
    events: z.array(
      z.looseObject({
        seq: z.number().int(),
        name: z.string(),
        version: z.number().int(),
        eventId: z.string(),
        occurredAt: z.string(),
        causationId: z.string().nullable(),
        route: z.string(),
        actor: z
          .looseObject({ kind: z.string(), id: z.string(), sourceIp: z.string().optional() })
          .optional()
          .describe('who caused the event: a user, an API key, an outside system or a Chorus service'),
        data: z.unknown(),
      }),
    ),
  })
  .loose()

/** One server-sent event of `GET /runs/{runId}/events` as a client parses it (the `: keep-alive` comments aside). */
export const RunEventFrame = z.object({
  id: z.string().regex(/^\d+$/).describe("the event's seq: send it back as Last-Event-ID to resume"),
  event: z.string().describe('the event name, e.g. StepCompleted'),
  data: z.string().describe('the event envelope as JSON'),
  retry: z.number().int().optional().describe('reconnection delay in ms'),
})

export const MessageAnswer = z
  .object({
    status: z.enum(['completed', 'failed']),
    runId: RunId,
    messageId: z.string(),
    reply: z.string().optional(),
    failure: Failure.optional(),
  })
  .loose()
export const MessageAccepted = z.object({
  status: z.literal('accepted'),
  runId: RunId,
  messageId: z.string(),
})

export const CancelAnswer = z.object({
  runId: RunId,
  status: z.enum(RUN_STATUSES),
  failure: Failure.optional(),
})

const versioned = <S extends z.ZodType>(definition: S) =>
  z.object({ name: z.string(), version: z.number().int(), createdAt: z.iso.datetime(), definition })
export const TeamRecord = versioned(TeamDefinition)
export const TeamList = z.object({ teams: z.array(TeamRecord) })
export const TriggerRecord = versioned(TriggerDefinition)
export const TriggerList = z.object({ triggers: z.array(TriggerRecord) })

export const ToolList = z.object({
  tools: z.array(
    z.object({ name: z.string(), description: z.string(), inputSchema: z.record(z.string(), z.unknown()) }),
  ),
})

export const PutEventsResult = z.object({
  FailedEntryCount: z.number().int(),
  Entries: z.array(
    z.union([
      z.object({
        EventId: z.string(),
        Runs: z.array(z.object({ Trigger: z.string(), RunId })),
        TriggerErrors: z
          .array(z.object({ Trigger: z.string(), ErrorCode: z.string(), ErrorMessage: z.string() }))
          .optional(),
      }),
      z.object({ ErrorCode: z.string(), ErrorMessage: z.string() }),
    ]),
  ),
})

export const EventSchemas = z.record(
  z.string(),
  z.object({ source: z.string(), description: z.string(), schema: z.record(z.string(), z.unknown()) }),
)

export const Prompt = z.object({
  name: z.string(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  text: z.string(),
})
export const SavedPrompt = Prompt.omit({ text: true })
export const PromptSummary = z.object({
  name: z.string(),
  version: z.number().int().describe('the latest version'),
  updatedAt: z.iso.datetime().describe('when the latest version was saved'),
})
export const PromptPage = z.object({ prompts: z.array(PromptSummary), next: z.string().optional() })
export const Health = z.object({ status: z.literal('ok') })
export const OpenApiDocument = z.record(z.string(), z.unknown())

/** An audit of a run: the verdict first, then who asked, the plan, the steps and their calls. */
export const AuditReport = z
  .object({
    runId: z.string(),
    verdict: z.union([
      z.object({ verdict: z.literal('match') }),
      z.object({ verdict: z.literal('in_progress'), seq: z.number().int() }),
      z.object({ verdict: z.literal('diverged'), seq: z.number().int(), difference: z.string() }).loose(),
    ]),
    chain: z.record(z.string(), z.unknown()),
    steps: z.array(z.record(z.string(), z.unknown())),
    usage: z.record(z.string(), z.number()),
  })
  .loose()

/** A tenant's signed anchor heads (ADR 0019) and, when asked, the proof that one extends another. */
export const AnchorHeads = z.object({
  /** Whether this runtime anchors run heads at all. */
  anchoring: z.boolean(),
  /** The tree sizes of the tenant's signed heads, smallest first. */
  heads: z.array(z.number().int()),
  latest: SignedHead.optional(),
  consistency: z.object({ older: SignedHead, newer: SignedHead, proof: z.array(z.string()) }).optional(),
})

export const ReplayStarted = z.object({
  name: z.string(),
  events: z.number().int(),
  runs: z.array(
    z.object({
      tenantId: z.string(),
      runId: z.string(),
      /** The run's first and last seq inside the window; the whole log up to `logSeq` was re-delivered. */
      windowSeqs: z.object({ first: z.number().int(), last: z.number().int() }).optional(),
      logSeq: z.number().int().optional(),
    }),
  ),
})

export const ReplayComparison = z
  .object({
    runId: z.string(),
    equal: z.boolean(),
    live: z.unknown().optional(),
    replayed: z.unknown().optional(),
    /** The replay reached `replayedSeq` of `liveSeq`; `equal` compares it with the log up to there. */
    partial: z.object({ replayedSeq: z.number().int(), liveSeq: z.number().int() }).optional(),
  })
  .loose()
