import { API_OPERATIONS, type OperationId } from '#services/api/routes.ts'

/**
 * Which Lambda function serves which operation of `API_OPERATIONS`: one function per group, each
 * with its own role and size (`infra/config/functions.ts`). A new operation goes into one group here;
 * a new group is one line here and one file beside `chats.ts`.
 */
export const API_GROUP_OPERATIONS = {
  chats: ['createChat', 'listChats', 'getChat', 'updateChat', 'postMessage'],
  runs: [
    'listRuns',
    'getRun',
    'getStepOutput',
    'cancelRun',
    'decideApproval',
    'auditRun',
    'exportRunBundle',
    'listAnchorHeads',
    'listDeadLetters',
    'getDeadLetter',
    'redriveDeadLetter',
    'discardDeadLetter',
    'getUsage',
  ],
  teams: ['listTeams', 'createTeam', 'getTeam', 'putTeam', 'deleteTeam', 'resetTeams'],
  prompts: ['listPrompts', 'getPrompt', 'putPrompt'],
  events: ['postEvents', 'getEventSchemas'],
  admin: [
    'health',
    'getOpenApi',
    'listTools',
    'listTriggers',
    'createTrigger',
    'getTrigger',
    'putTrigger',
    'deleteTrigger',
    'startReplay',
    'compareReplay',
  ],
} as const satisfies Record<string, readonly OperationId[]>

export type ApiGroup = keyof typeof API_GROUP_OPERATIONS
/** An operation some group serves (JSON answers only). */
export type GroupedOperationId = (typeof API_GROUP_OPERATIONS)[ApiGroup][number]

const operation = (id: OperationId) => {
  const found = API_OPERATIONS.find((op) => op.operationId === id)
  if (!found) throw new Error(`unknown API operation ${id}`)
  return found
}

/** `METHOD /resource` of an operation: how API Gateway names the route of a request. */
export const routeKey = (id: OperationId): string => {
  const op = operation(id)
  return `${op.method} ${op.path}`
}

/**
 * The HTTP API as data: group → `METHOD /resource` routes (API Gateway REST proxy resources). The CDK
 * stack reads this table; the group entry points serve it.
 */
export const API_GROUPS = Object.fromEntries(
  Object.entries(API_GROUP_OPERATIONS).map(([group, ids]) => [group, ids.map(routeKey)]),
) as unknown as Record<ApiGroup, readonly string[]>

/** The operation a group serves at `METHOD /resource`, if any. */
export const operationAt = (
  group: ApiGroup,
  method: string,
  resource: string,
): GroupedOperationId | undefined =>
  (API_GROUP_OPERATIONS[group] as readonly GroupedOperationId[]).find(
    (id) => routeKey(id) === `${method} ${resource}`,
  )

/**
 * Operations whose answer streams (server-sent events). No group serves them: one function in
 * response-streaming mode does (`api/streams.ts`), behind API Gateway integrations in `STREAM`
 * transfer mode, on the same API, authorizer and usage plan (ADR 0030).
 */
export const STREAMED_OPERATIONS = ['streamRunEvents'] as const satisfies readonly OperationId[]
export type StreamedOperationId = (typeof STREAMED_OPERATIONS)[number]

/** `METHOD /resource` of every streamed operation: the routes the CDK stack sends to the streaming function. */
export const STREAMED_ROUTES: readonly string[] = STREAMED_OPERATIONS.map(routeKey)

/** The streamed operation at `METHOD /resource`, if any. */
export const streamedOperationAt = (method: string, resource: string): StreamedOperationId | undefined =>
  STREAMED_OPERATIONS.find((id) => routeKey(id) === `${method} ${resource}`)
