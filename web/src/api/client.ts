import createClient, { type Middleware } from 'openapi-fetch'
import type { components, paths } from './schema.ts'
import { authHeaders, getSession, setSession } from './session.ts'

/** Adds the session's credentials to every call; a 401 (token expired or revoked) ends the session. */
const credentials: Middleware = {
  onRequest({ request }) {
    const session = getSession()
    if (session)
      for (const [name, value] of Object.entries(authHeaders(session))) request.headers.set(name, value)
    return request
  },
  onResponse({ response }) {
    if (response.status === 401) setSession(undefined)
    return response
  },
}

/** The HTTP API of the server that serves the console, typed from its OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin })
api.use(credentials)

/** An error answer of the API: its code and message, and the problems it lists. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message)
  }
}

type ErrorBody = components['schemas']['Error']

/** The data of an answer, or an {@link ApiFailure} thrown with the API's error code and message. */
export const must = async <T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> => {
  const { data, error, response } = await call
  if (response.ok && data !== undefined) return data
  const body = (error ?? {}) as Partial<ErrorBody>
  throw new ApiFailure(
    response.status,
    body.error?.code ?? `http.${response.status}`,
    body.error?.message ?? response.statusText,
    body.error?.problems ?? [],
  )
}

/** A run as `GET /runs/{runId}` answers it. */
export type RunView = paths['/runs/{runId}']['get']['responses'][200]['content']['application/json']
export type RunSummary =
  paths['/runs']['get']['responses'][200]['content']['application/json']['runs'][number]
export type RunStatus = RunSummary['status']
export type StepView = RunView['steps'][number]
export type ModelCall = RunView['modelCalls'][number]
export type ToolCall = RunView['toolCalls'][number]
export type RunEvent = RunView['events'][number]
export type AuditReport = paths['/runs/{runId}/audit']['get']['responses'][200]['content']['application/json']
export type ChatSummary =
  paths['/chats']['get']['responses'][200]['content']['application/json']['chats'][number]
export type ChatMessage =
  paths['/chats/{chatId}']['get']['responses'][200]['content']['application/json']['messages'][number]
export type TeamRecord =
  paths['/teams']['get']['responses'][200]['content']['application/json']['teams'][number]
export type TeamDefinition = TeamRecord['definition']
export type TriggerRecord =
  paths['/triggers']['get']['responses'][200]['content']['application/json']['triggers'][number]
export type Prompt = paths['/prompts/{name}']['get']['responses'][200]['content']['application/json']
export type PromptSummary =
  paths['/prompts']['get']['responses'][200]['content']['application/json']['prompts'][number]
export type ReplayStarted = paths['/replays']['post']['responses'][202]['content']['application/json']
export type ReplayComparison =
  paths['/replays/{name}/runs/{runId}']['get']['responses'][200]['content']['application/json']
export type DeadLetter =
  paths['/dead-letters']['get']['responses'][200]['content']['application/json']['deadLetters'][number]

/** Every status a run can have, with what it means (a Record, so the type checker sees one missing). */
export const RUN_STATUS_MEANING: Record<RunStatus, string> = {
  requested: 'waiting for its plan',
  awaiting_approval: 'waiting for an approval',
  running: 'steps under way',
  completed: 'answered',
  failed: 'ended without an answer',
}
export const RUN_STATUSES = Object.keys(RUN_STATUS_MEANING) as RunStatus[]

/** Whether a run has ended. */
export const ended = (status: RunStatus) => status === 'completed' || status === 'failed'
