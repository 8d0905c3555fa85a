import { API_GROUP_NAMES, type ApiGroup, STREAMED_GROUP } from '#services/api/operation.ts'
import { API_OPERATIONS, type OperationId } from '#services/api/routes.ts'

export { API_GROUP_NAMES, type ApiGroup } from '#services/api/operation.ts'

type ApiOperation = (typeof API_OPERATIONS)[number]

/** An operation some group serves (JSON answers only): its definition names the group (`group`). */
export type GroupedOperationId = Extract<ApiOperation, { group: ApiGroup }>['operationId']

/**
 * Which Lambda function serves which operation, read from the operations' definitions (`group` in
 * `services/api/operations/`): one function per group, each with its own role and size
 * (`infra/config/functions.ts`). A new operation names its group in its definition; a new group is a
 * name in `API_GROUP_NAMES`, a profile in `API_PROFILES` and a file beside `chats.ts`.
 */
export const API_GROUP_OPERATIONS = Object.fromEntries(
  API_GROUP_NAMES.map((group) => [
    group,
    API_OPERATIONS.filter((op) => op.group === group).map((op) => op.operationId),
  ]),
) as unknown as Record<ApiGroup, readonly GroupedOperationId[]>

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
  API_GROUP_NAMES.map((group) => [group, API_GROUP_OPERATIONS[group].map(routeKey)]),
) as unknown as Record<ApiGroup, readonly string[]>

/** The operation a group serves at `METHOD /resource`, if any. */
export const operationAt = (
  group: ApiGroup,
  method: string,
  resource: string,
): GroupedOperationId | undefined =>
  API_GROUP_OPERATIONS[group].find((id) => routeKey(id) === `${method} ${resource}`)

/** An operation whose answer streams: its definition names the streaming function (`group: 'streams'`). */
export type StreamedOperationId = Extract<ApiOperation, { group: typeof STREAMED_GROUP }>['operationId']

/**
 * Operations whose answer streams (server-sent events). No group serves them: one function in
 * response-streaming mode does (`api/streams.ts`), behind API Gateway integrations in `STREAM`
 * transfer mode, on the same API, authorizer and usage plan (ADR 0030).
 */
export const STREAMED_OPERATIONS: readonly StreamedOperationId[] = API_OPERATIONS.filter(
  (op) => op.group === STREAMED_GROUP,
).map((op) => op.operationId as StreamedOperationId)

/** `METHOD /resource` of every streamed operation: the routes the CDK stack sends to the streaming function. */
export const STREAMED_ROUTES: readonly string[] = STREAMED_OPERATIONS.map(routeKey)

/** The streamed operation at `METHOD /resource`, if any. */
export const streamedOperationAt = (method: string, resource: string): StreamedOperationId | undefined =>
  STREAMED_OPERATIONS.find((id) => routeKey(id) === `${method} ${resource}`)
