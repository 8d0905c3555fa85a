import { newId } from '#events'
import { takesHeader } from '../operation.ts'
import { API_OPERATIONS, type OperationId } from '../routes.ts'
import type { TenantA } from './isolation-fixtures.ts'
import type { ApiRequest } from './isolation-target.ts'

export type Operation = (typeof API_OPERATIONS)[number]

/**
 * Where each path parameter of the table is filled from, by `collection/{param}`: always one of
 * tenant A's resources. A new operation on these collections is probed with no change here; a new
 * kind of parameter makes the suite fail until it is added.
 */
export const PARAM_SOURCES: Record<string, (a: TenantA) => string> = {
  'chats/{chatId}': (a) => a.chatId,
  'runs/{runId}': (a) => a.runId,
  'teams/{name}': (a) => a.team,
  'triggers/{name}': (a) => a.trigger,
  'prompts/{name}': (a) => a.prompt,
  'replays/{name}': (a) => a.replay,
  'dead-letters/{id}': (a) => a.deadLetterId,
}

/** A value of the same shape that names nothing of anyone: the twin probe uses it. */
const nowhere = (param: string) =>
  param === 'runId' ? newId() : `nowhere-${newId().slice(-8).toLowerCase()}`

/**
 * Operations with a path parameter that act in the caller's own namespace: B's request succeeds
 * on B's own resource of that name (a new version, a new chat), and A's stays as it was.
 */
export const OWN_NAMESPACE: Partial<Record<OperationId, string>> = {
  postMessage: "a message to a chat id B does not have opens B's own chat",
  putTeam: "PUT saves a version of B's own team of that name",
  putTrigger: "PUT saves a version of B's own trigger of that name",
  putPrompt: "PUT saves a version of B's own prompt of that name",
}

/**
 * The body B sends to each operation that needs one, naming A's resources where it can (the same
 * chat id, team name, run): B must act in its own namespace, never get a conflict that reveals A's.
 */
export const BODIES: Partial<Record<OperationId, (a: TenantA) => unknown>> = {
  createChat: (a) => ({ chatId: a.chatId, title: 'Chat of B' }),
  updateChat: () => ({ multitask: 'reject' }),
  postMessage: () => ({ content: 'Write about the moon' }),
  decideApproval: () => ({ decision: 'approve' }),
  createTeam: (a) => ({ name: a.team, description: 'Writes for B.', shape: 'llm', prompt: '{{goal}}' }),
  putTeam: (a) => ({ name: a.team, description: 'Writes for B.', shape: 'llm', prompt: '{{goal}}' }),
  createTrigger: (a) => ({
    name: a.trigger,
    pattern: { source: ['bravo.orders'] },
    request: 'Do {{detail.id}}',
  }),
  putTrigger: (a) => ({
    name: a.trigger,
    pattern: { source: ['bravo.orders'] },
    request: 'Do {{detail.id}}',
  }),
  postEvents: () => ({
    Entries: [{ Source: 'alpha.orders', DetailType: 'OrderPlaced', Detail: { id: 'b-1' } }],
  }),
  startReplay: (a) => ({
    name: a.replay,
    from: new Date(Date.now() - 3600_000).toISOString(),
    to: new Date().toISOString(),
    runId: a.runId,
  }),
  putPrompt: () => ({ text: 'Task of B: {{instruction}}' }),
}

/** Extra queries per operation (the plain call is always probed): filters and A's own cursors. */
export const QUERIES: Partial<Record<OperationId, (a: TenantA) => Record<string, string>[]>> = {
  listRuns: (a): Record<string, string>[] => [
    { status: 'completed' },
    {
      since: new Date(Date.now() - 3600_000).toISOString(),
      until: new Date(Date.now() + 60_000).toISOString(),
    },
    { limit: '1', cursor: a.cursors.runs },
  ],
  listChats: (a) => [{ limit: '1', cursor: a.cursors.chats }],
  auditRun: () => [{ format: 'text' }],
  getStepOutput: () => [{ step: 'answer' }],
  listDeadLetters: (a): Record<string, string>[] => [{ runId: a.runId }, { consumer: 'planner' }],
}

/** One request of tenant B (or of a fresh tenant, for writes) and what may come back. */
export interface Probe {
  operationId: OperationId
  label: string
  /** `b`: tenant B, who owns a chat and a team; `fresh`: a tenant of its own, so writes never meet. */
  as: 'b' | 'fresh'
  request: ApiRequest
  statuses: readonly number[]
  /** The same request naming resources that exist nowhere: B must not be able to tell them apart. */
  twin?: { request: ApiRequest; swaps: [fresh: string, a: string][] }
}

const pathParamsOf = (path: string) =>
  [...path.matchAll(/([^/]+)\/\{(\w+)\}/g)].map(([, collection, name]) => ({
    key: `${collection}/{${name}}`,
    name: name as string,
  }))

const OK = [200, 201, 202, 204]

/**
 * The probes of one operation of the table, filled from tenant A's fixtures. Throws (failing the
 * suite) when the operation has a parameter no fixture fills, or needs a body nobody declared.
 */
export const probesOf = (op: Operation, a: TenantA): Probe[] => {
  const params: Record<string, string> = {}
  for (const { key, name } of pathParamsOf(op.path)) {
    const source = PARAM_SOURCES[key]
    if (!source)
      throw new Error(
        `${op.operationId}: no fixture of tenant A fills ${key}; add it to PARAM_SOURCES (isolation-probes.ts)`,
      )
    params[name] = source(a)
  }
  const declared = BODIES[op.operationId]
  const body = 'body' in op && op.body ? declared?.(a) : undefined
  if ('body' in op && op.body && !declared && !op.body.safeParse(undefined).success)
    throw new Error(
      `${op.operationId}: takes a body; declare the one B sends in BODIES (isolation-probes.ts)`,
    )
  const idempotent = takesHeader(op, 'Idempotency-Key')
  const key = idempotent ? a.idempotencyKeys[op.operationId] : undefined
  if (idempotent && !key)
    throw new Error(`${op.operationId}: takes an Idempotency-Key; tenant A's fixtures must send one to it`)
  const headers: Record<string, string> = {
    ...(key ? { 'idempotency-key': key } : {}),
    ...(takesHeader(op, 'Last-Event-ID') ? { 'last-event-id': '0' } : {}),
  }
  const hasParams = Object.keys(params).length > 0
  const own = op.operationId in OWN_NAMESPACE
  const statuses = hasParams && !own ? [403, 404] : OK
  const as = op.method === 'GET' || (hasParams && !own) ? 'b' : 'fresh'
  const request = (query?: Record<string, string>): ApiRequest => ({
    method: op.method,
    resource: op.path,
    params,
    ...(query ? { query } : {}),
    ...(body !== undefined ? { body } : {}),
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  })
  const twinOf = (probe: ApiRequest): Probe['twin'] => {
    const swaps = Object.entries(params).map(([name, value]): [string, string] => [nowhere(name), value])
    const fresh = Object.fromEntries(Object.keys(params).map((name, i) => [name, swaps[i]?.[0] ?? '']))
    return { request: { ...probe, params: fresh }, swaps }
  }
  const base: Probe = {
    operationId: op.operationId,
    label: `${op.method} ${op.path}`,
    as,
    request: request(),
    statuses,
    ...(hasParams && !own ? { twin: twinOf(request()) } : {}),
  }
  const variants = (QUERIES[op.operationId]?.(a) ?? []).map(
    (query): Probe => ({
      ...base,
      label: `${base.label}?${new URLSearchParams(query).toString().slice(0, 60)}`,
      request: request(query),
      // A's cursor is opaque to B: a page of B's own, or refused as not B's cursor.
      statuses: query.cursor ? [200, 400] : base.statuses,
      ...(base.twin ? { twin: twinOf(request(query)) } : {}),
    }),
  )
  return [base, ...variants]
}

/** Every operation of the table, in table order. */
export const OPERATIONS: readonly Operation[] = API_OPERATIONS
