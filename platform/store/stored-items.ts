import { z } from 'zod'
import { MULTITASK_POLICIES } from './entities/chat.ts'
import { RUN_STATUSES } from './entities/run.ts'
import { STEP_STATUSES } from './entities/step.ts'

/**
 * The stored items the raw reads (`raw-read.ts`) decode, as Zod schemas of the attributes their
 * callers use, typed as the entities type them. A schema that names every attribute of its entity
 * (`RunItem`, `StepItem`, `ModelCallItem`) is checked against the entity's own schema in
 * `raw-run-ops.int.test.ts`.
 */

const Failure = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() })

const lease = {
  leaseOwner: z.string().optional(),
  leaseUntil: z.number().optional(),
  leaseIncarnation: z.number().optional(),
}

/** Every attribute of a run item (`entities/run.ts`): `toRunRecord` keeps most of them. */
export const RunItem = z.object({
  tenantId: z.string(),
  runId: z.string(),
  status: z.enum(RUN_STATUSES),
  request: z.string(),
  chatId: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  output: z.string().optional(),
  terminalEventId: z.string().optional(),
  failure: Failure.optional(),
  ...lease,
  unrouted: z.array(z.string()).optional(),
  checkpointVersion: z.string().optional(),
  handedOverAt: z.string().optional(),
  cancelEventId: z.string().optional(),
  startEvent: z.string().optional(),
  approval: z.enum(['plan']).optional(),
  approvalEventId: z.string().optional(),
  approvalExpiresAt: z.string().optional(),
  approvalDecision: z.string().optional(),
  queuedStart: z.string().optional(),
  afterRunId: z.string().optional(),
  nextRunId: z.string().optional(),
  discardedAt: z.string().optional(),
  GSI1PK: z.string(),
  GSI1SK: z.string(),
  GSI2PK: z.string().optional(),
  GSI2SK: z.string().optional(),
})

/** Every attribute of a step item (`entities/step.ts`). */
export const StepItem = z.object({
  tenantId: z.string(),
  runId: z.string(),
  stepId: z.string(),
  team: z.string(),
  status: z.enum(STEP_STATUSES),
  inputJson: z.string(),
  taskEventId: z.string(),
  dispatched: z.boolean(),
  resultEventId: z.string().optional(),
  outputJson: z.string().optional(),
  error: Failure.optional(),
  queuedAt: z.string(),
  finishedAt: z.string().optional(),
  ...lease,
})

/** What the event log reads of its last event: the head to append after. */
export const EventHead = z.object({ seq: z.number(), hash: z.string() })

/** What the event log reads of an event by seq: the envelope as appended. */
export const EventBody = z.object({ body: z.string() })

/** What an append reads of an event id's marker: the seq it was appended at, or an old claim's lease. */
export const EventMarkerItem = z.object({ seq: z.number().optional(), leaseUntil: z.number().optional() })

/** What a definition read decodes of a version. */
export const DefinitionItem = z.object({
  definitionJson: z.string(),
  version: z.number(),
  createdAt: z.string(),
})

/** What `isDone` reads of an idempotency record. */
export const DedupStatus = z.object({ status: z.enum(['processing', 'done']) })

/** What the attempt budget reads of a model call's failures. */
export const ModelAttemptsItem = z.object({
  failures: z.number(),
  final: z.boolean().optional(),
  last: Failure,
})

/** Every attribute of a model call item (`entities/model-call.ts`): a listed record shows most of them. */
export const ModelCallItem = z.object({
  tenantId: z.string(),
  runId: z.string(),
  stepId: z.string(),
  callId: z.string(),
  provider: z.string(),
  model: z.string(),
  offline: z.boolean(),
  promptName: z.string().optional(),
  promptVersion: z.number().optional(),
  inputHash: z.string(),
  output: z.string(),
  outputTruncated: z.boolean(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), totalTokens: z.number() }),
  latencyMs: z.number(),
  error: Failure.optional(),
  startedAt: z.string(),
  conversation: z.string().optional(),
})

/** What the event log reads of its events when it lists them or their chain. */
export const EventLink = z.object({
  seq: z.number(),
  eventId: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  body: z.string(),
})

/** What a plan read decodes of a revision (`entities/plan.ts`). */
export const PlanItem = z.object({
  revision: z.number(),
  planJson: z.string(),
  modelJson: z.string(),
  eventId: z.string(),
  approvalJson: z.string().optional(),
  createdAt: z.string(),
})

/** What a listed tool call shows of its item (`entities/tool-call.ts`). */
export const ToolCallItem = z.object({
  stepId: z.string(),
  callId: z.string(),
  tool: z.string(),
  inputJson: z.string(),
  resultJson: z.string(),
  durationMs: z.number(),
  startedAt: z.string(),
})

/** Every attribute of a chat message item (`entities/chat-message.ts`) a chat's history shows. */
export const ChatMessageItem = z.object({
  messageId: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  runId: z.string(),
  createdAt: z.string(),
})

/** Every attribute of an API key item (`entities/api-key.ts`). */
export const ApiKeyItem = z.object({
  tenantId: z.string(),
  keyId: z.string(),
  hash: z.string(),
  label: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
})

/** What a chat read shows of a chat's own item (`entities/chat.ts`; not its GSI keys). */
export const ChatItem = z.object({
  chatId: z.string(),
  title: z.string().optional(),
  createdAt: z.string(),
  multitask: z.enum(MULTITASK_POLICIES).optional(),
  activeRunId: z.string().optional(),
  activeAt: z.string().optional(),
})
