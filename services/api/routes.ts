import type { z } from 'zod'
import * as DL from './http/dead-letter-schemas.ts'
import * as R from './http/responses.ts'
import * as S from './http/schemas.ts'

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

interface ResponseHeader {
  description: string
  /** Sent with every answer of this status. */
  required?: boolean
  /** A string unless set. */
  schema?: z.ZodType
}

interface Response {
  description: string
  schema?: z.ZodType
  /** `application/json` unless set. */
  contentType?: string
  /** The same answer in other media types, picked by a parameter (`?format=text`); undefined: plain text. */
  alternatives?: Record<string, z.ZodType | undefined>
  /** Headers of the answer, by their canonical names. */
  headers?: Record<string, ResponseHeader>
}

/** One operation of the HTTP API: where it is, what it takes and answers. The local server and the OpenAPI document read it. */
export interface Operation {
  method: Method
  path: string
  operationId: string
  summary: string
  tag: string
  /** No credentials needed (health, the OpenAPI document). */
  public?: boolean
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  /** Request headers beyond the credentials (`Idempotency-Key`, `Last-Event-ID`, `Prefer`), canonical names. */
  headers?: z.ZodObject
  responses: Record<number, Response>
}

const ok = (description: string, schema?: z.ZodType, contentType?: string): Response => ({
  description,
  ...(schema ? { schema } : {}),
  ...(contentType ? { contentType } : {}),
})

/** An answer that says where its resource lives (`Location`, or `Content-Location` for a copy of it). */
const at = (response: Response, header: 'Location' | 'Content-Location', what: string): Response => ({
  ...response,
  headers: { ...response.headers, [header]: { description: what, required: true } },
})

/** Every endpoint of the HTTP API. Adding one here makes the local server route it and the OpenAPI document list it. */
export const API_OPERATIONS = [
  {
    method: 'GET',
    path: '/health',
    operationId: 'health',
    summary: 'Liveness; no credentials',
    tag: 'meta',
    public: true,
    responses: { 200: ok('up', R.Health) },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This document; no credentials (its securitySchemes say how to authenticate)',
    tag: 'meta',
    public: true,
    responses: { 200: ok('OpenAPI 3.1 document', R.OpenApiDocument) },
  },
  {
    method: 'POST',
    path: '/chats',
    operationId: 'createChat',
    summary: 'Create a chat',
    tag: 'chats',
    body: S.CreateChatBody,
    responses: { 201: at(ok('created', R.Chat), 'Location', 'the chat'), 409: ok('chat id in use') },
  },
  {
    method: 'GET',
    path: '/chats',
    operationId: 'listChats',
    summary: 'List chats, newest first',
    tag: 'chats',
    query: S.ListQuery,
    responses: { 200: ok('a page of chats', R.ChatPage) },
  },
  {
    method: 'GET',
    path: '/chats/{chatId}',
    operationId: 'getChat',
    summary: 'A chat with its messages',
    tag: 'chats',
    params: S.ChatIdParam,
    responses: { 200: ok('the chat', R.ChatWithMessages), 404: ok('no such chat') },
  },
  {
    method: 'POST',
    path: '/chats/{chatId}/messages',
    operationId: 'postMessage',
    summary:
      'Send a message: the answer within the sync budget, else 202 and the run to follow (at once with Prefer: respond-async)',
    tag: 'chats',
    params: S.ChatIdParam,
    body: S.PostMessageBody,
    headers: S.PostMessageHeaders,
    responses: {
      200: at(ok('the run ended within the budget', R.MessageAnswer), 'Content-Location', 'the run'),
      202: {
        ...ok('handed over: follow Location', R.MessageAccepted),
        headers: {
          Location: { description: 'the run to follow', required: true },
          'Preference-Applied': { description: '`respond-async` when `Prefer: respond-async` was honoured' },
        },
      },
    },
  },
  {
    method: 'GET',
    path: '/runs',
    operationId: 'listRuns',
    summary: 'List runs, newest first, by status and time',
    tag: 'runs',
    query: S.ListRunsQuery,
    responses: { 200: ok('a page of runs', R.RunPage) },
  },
  {
    method: 'GET',
    path: '/runs/{runId}',
    operationId: 'getRun',
    summary: 'A run: status, plan, steps, model calls and its event log',
    tag: 'runs',
    params: S.RunIdParam,
    responses: { 200: ok('the run', R.RunView), 404: ok('no such run') },
  },
  {
    method: 'GET',
    path: '/runs/{runId}/audit',
    operationId: 'auditRun',
    summary: 'Audit a run from its records: hash chain, re-derivation, verdict match or diverged at seq k',
    tag: 'audit',
    params: S.RunIdParam,
    query: S.AuditQuery,
    responses: {
      200: {
        ...ok('the audit report: JSON, or text with `?format=text`', R.AuditReport),
        alternatives: { 'text/plain': undefined },
      },
      404: ok('no such run'),
    },
  },
  {
    method: 'GET',
    path: '/runs/{runId}/bundle',
    operationId: 'exportRunBundle',
    summary: 'Export a run as a verifiable bundle (JSON lines + chain head), for chorus audit --bundle',
    tag: 'audit',
    params: S.RunIdParam,
    responses: {
      200: {
        ...ok('the bundle: one JSON record a line', undefined, 'application/x-ndjson'),
        headers: { 'Content-Disposition': { description: 'a file name for the bundle', required: true } },
      },
      404: ok('no such run'),
    },
  },
  {
    method: 'GET',
    path: '/anchors',
    operationId: 'listAnchorHeads',
    summary:
      "The caller's signed anchor heads (ADR 0019); with `from`/`to`, the proof that the newer extends the older",
    tag: 'audit',
    query: S.AnchorsQuery,
    responses: {
      200: ok('the signed heads (tree sizes), the latest, a consistency proof if asked', R.AnchorHeads),
      404: ok('no signed head of that size'),
    },
  },
  {
    method: 'POST',
    path: '/replays',
    operationId: 'startReplay',
    summary: "Re-deliver a window of the caller's archive to the projector under a replay name",
    tag: 'audit',
    body: S.ReplayBody,
    responses: {
      202: ok('the replay started', R.ReplayStarted),
      501: ok('this runtime replays through EventBridge'),
    },
  },
  {
    method: 'GET',
    path: '/replays/{name}/runs/{runId}',
    operationId: 'compareReplay',
    summary: "A run's replayed view next to its live one",
    tag: 'audit',
    params: S.ReplayRunParam,
    responses: {
      200: ok('both views and whether they are equal', R.ReplayComparison),
      404: ok('no such run'),
      501: ok('no replays here'),
    },
  },
  {
    method: 'POST',
    path: '/runs/{runId}/cancel',
    operationId: 'cancelRun',
    summary: 'Cancel a run (ends it RunFailed, code run.cancelled)',
    tag: 'runs',
    params: S.RunIdParam,
    body: S.CancelRunBody,
    responses: {
      200: ok('cancelled', R.CancelAnswer),
      202: at(ok('cancel requested', R.CancelAnswer), 'Location', 'the run'),
      404: ok('no such run'),
      409: ok('the run ended otherwise'),
    },
  },
  {
    method: 'GET',
    path: '/runs/{runId}/events',
    operationId: 'streamRunEvents',
    summary: "The run's events as server-sent events, until it ends",
    tag: 'runs',
    params: S.RunIdParam,
    query: S.StreamQuery,
    headers: S.StreamHeaders,
    responses: {
      200: ok('event stream: id = seq, event = name, data = envelope', R.RunEventFrame, 'text/event-stream'),
      404: ok('no such run'),
    },
  },
  {
    method: 'GET',
    path: '/teams',
    operationId: 'listTeams',
    summary: 'List team definitions (latest versions)',
    tag: 'teams',
    responses: { 200: ok('teams', R.TeamList) },
  },
  {
    method: 'POST',
    path: '/teams',
    operationId: 'createTeam',
    summary: 'Create a team',
    tag: 'teams',
    body: S.TeamBody,
    responses: { 201: at(ok('version 1', R.TeamRecord), 'Location', 'the team'), 409: ok('name in use') },
  },
  {
    method: 'GET',
    path: '/teams/{name}',
    operationId: 'getTeam',
    summary: 'A team (latest version)',
    tag: 'teams',
    params: S.TeamNameParam,
    responses: { 200: ok('the team', R.TeamRecord), 404: ok('no such team') },
  },
  {
    method: 'PUT',
    path: '/teams/{name}',
    operationId: 'putTeam',
    summary: 'Save a new version of a team',
    tag: 'teams',
    params: S.TeamNameParam,
    body: S.TeamBody,
    responses: { 200: ok('the new version', R.TeamRecord) },
  },
  {
    method: 'DELETE',
    path: '/teams/{name}',
    operationId: 'deleteTeam',
    summary: 'Delete a team (history kept)',
    tag: 'teams',
    params: S.TeamNameParam,
    responses: { 204: ok('deleted'), 404: ok('no such team') },
  },
  {
    method: 'POST',
    path: '/default-teams/reset',
    operationId: 'resetTeams',
    summary: 'Restore the default teams (researcher, writer): a new version of each deleted or changed one',
    tag: 'teams',
    responses: { 200: ok('the default teams as now stored', R.TeamList) },
  },
  {
    method: 'GET',
    path: '/tools',
    operationId: 'listTools',
    summary: "Tools the tenant's teams may use",
    tag: 'teams',
    responses: { 200: ok('tools', R.ToolList) },
  },
  {
    method: 'GET',
    path: '/triggers',
    operationId: 'listTriggers',
    summary: 'List triggers (latest versions)',
    tag: 'events',
    responses: { 200: ok('triggers', R.TriggerList) },
  },
  {
    method: 'POST',
    path: '/triggers',
    operationId: 'createTrigger',
    summary: 'Create a trigger: event pattern → request template → run',
    tag: 'events',
    body: S.TriggerBody,
    responses: {
      201: at(ok('version 1', R.TriggerRecord), 'Location', 'the trigger'),
      409: ok('name in use'),
    },
  },
  {
    method: 'GET',
    path: '/triggers/{name}',
    operationId: 'getTrigger',
    summary: 'A trigger (latest version)',
    tag: 'events',
    params: S.TriggerNameParam,
    responses: { 200: ok('the trigger', R.TriggerRecord), 404: ok('no such trigger') },
  },
  {
    method: 'PUT',
    path: '/triggers/{name}',
    operationId: 'putTrigger',
    summary: 'Save a new version of a trigger',
    tag: 'events',
    params: S.TriggerNameParam,
    body: S.TriggerBody,
    responses: { 200: ok('the new version', R.TriggerRecord) },
  },
  {
    method: 'DELETE',
    path: '/triggers/{name}',
    operationId: 'deleteTrigger',
    summary: 'Delete a trigger',
    tag: 'events',
    params: S.TriggerNameParam,
    responses: { 204: ok('deleted'), 404: ok('no such trigger') },
  },
  {
    method: 'POST',
    path: '/events',
    operationId: 'postEvents',
    summary: 'Publish external events (PutEvents-like, per-entry results)',
    tag: 'events',
    body: S.PutEventsBody,
    headers: S.IdempotencyHeaders,
    responses: { 200: ok('per-entry results', R.PutEventsResult) },
  },
  {
    method: 'GET',
    path: '/events/schemas',
    operationId: 'getEventSchemas',
    summary: 'JSON Schema of every event version (or of one name and version)',
    query: S.EventSchemasQuery,
    tag: 'events',
    responses: { 200: ok('schemas by Name.vN', R.EventSchemas) },
  },
  {
    method: 'GET',
    path: '/prompts/{name}',
    operationId: 'getPrompt',
    summary: 'A prompt (latest version)',
    tag: 'teams',
    params: S.PromptNameParam,
    responses: { 200: ok('the prompt', R.Prompt), 404: ok('no such prompt') },
  },
  {
    method: 'PUT',
    path: '/prompts/{name}',
    operationId: 'putPrompt',
    summary: 'Save a new version of a prompt',
    tag: 'teams',
    params: S.PromptNameParam,
    body: S.PromptBody,
    responses: { 200: ok('the new version', R.SavedPrompt) },
  },
  {
    method: 'GET',
    path: '/dead-letters',
    operationId: 'listDeadLetters',
    summary:
      "The tenant's dead letters: messages a consumer's queue gave up on, with the reason, oldest first",
    tag: 'runs',
    query: DL.ListDeadLettersQuery,
    responses: { 200: ok('dead letters', DL.DeadLetterPage) },
  },
  {
    method: 'GET',
    path: '/dead-letters/{id}',
    operationId: 'getDeadLetter',
    summary: 'A dead letter with its event',
    tag: 'runs',
    params: DL.DeadLetterIdParam,
    responses: { 200: ok('the dead letter', DL.DeadLetterDetail), 404: ok('no such dead letter') },
  },
  {
    method: 'POST',
    path: '/dead-letters/{id}/redrive',
    operationId: 'redriveDeadLetter',
    summary:
      'Put the message back on its queue; a run that failed only because of it is resumed (RunResumed) and goes on',
    tag: 'runs',
    params: DL.DeadLetterIdParam,
    responses: {
      200: ok('redriven; `run` says what happens to the run', DL.RedriveAnswer),
      404: ok('no such dead letter'),
    },
  },
  {
    method: 'DELETE',
    path: '/dead-letters/{id}',
    operationId: 'discardDeadLetter',
    summary: 'Drop a dead letter without delivering it (its run stays as it is)',
    tag: 'runs',
    params: DL.DeadLetterIdParam,
    responses: { 204: ok('discarded'), 404: ok('no such dead letter') },
  },
] as const satisfies readonly Operation[]

/** The operation ids; the handler map of the core has one handler per id. */
export type OperationId = (typeof API_OPERATIONS)[number]['operationId']

/** The methods the API serves at a path template, in table order: the `Allow` header of a 405. */
export const methodsAt = (path: string): string[] =>
  (API_OPERATIONS as readonly Operation[]).filter((op) => op.path === path).map((op) => op.method)
