import type { z } from 'zod'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/**
 * The Lambda functions that serve the API on AWS, one per group, each with its own role and size
 * (`API_PROFILES` in `infra/config/functions.ts`, typed by this list). A new group is a name here, a
 * profile there and an entry point beside `runtime/lambda/api/chats.ts`.
 */
export const API_GROUP_NAMES = ['chats', 'runs', 'teams', 'prompts', 'events', 'admin'] as const
export type ApiGroup = (typeof API_GROUP_NAMES)[number]

/** The group of the operations whose answer streams (server-sent events): one function in response-streaming mode (ADR 0030). */
export const STREAMED_GROUP = 'streams'

export interface ResponseHeader {
  description: string
  /** Sent with every answer of this status. */
  required?: boolean
  /** A string unless set. */
  schema?: z.ZodType
}

export interface Response {
  description: string
  schema?: z.ZodType
  /** `application/json` unless set. */
  contentType?: string
  /** The same answer in other media types, picked by a parameter (`?format=text`); undefined: plain text. */
  alternatives?: Record<string, z.ZodType | undefined>
  /** Headers of the answer, by their canonical names. */
  headers?: Record<string, ResponseHeader>
}

/**
 * One operation of the HTTP API: where it is, what it takes and answers. Its handler is bound to it
 * (`implement`) and gets the inputs its schemas declare, validated; the local server, the Lambda groups,
 * the API Gateway routes, the OpenAPI document and the test-time answer check read it.
 */
export interface Operation {
  method: Method
  path: string
  operationId: string
  /** The Lambda function that serves it on AWS: an API group, or the streaming function for a streamed answer. */
  group: ApiGroup | typeof STREAMED_GROUP
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

/**
 * Defines one operation of the HTTP API, keeping its literal types (path, schemas, public) so a handler
 * bound to it (`implement`) is typed by its schemas.
 * @example export const getRun = defineOperation({ method: 'GET', path: '/runs/{runId}', params: RunIdParam, … })
 */
export const defineOperation = <const O extends Operation>(operation: O): O => operation

/** A successful answer: its description, and its schema (kept in the type) and media type when it has a body. */
export function ok<S extends z.ZodType>(
  description: string,
  schema: S,
  contentType?: string,
): Response & { schema: S }
export function ok(description: string, schema?: undefined, contentType?: string): Response
export function ok(description: string, schema?: z.ZodType, contentType?: string): Response {
  return { description, ...(schema ? { schema } : {}), ...(contentType ? { contentType } : {}) }
}

/** An answer that says where its resource lives (`Location`, or `Content-Location` for a copy of it). */
export const at = <R extends Response>(
  response: R,
  header: 'Location' | 'Content-Location',
  what: string,
): R => ({
  ...response,
  headers: { ...response.headers, [header]: { description: what, required: true } },
})

type SuccessStatus = 200 | 201 | 202 | 204

/**
 * The JSON body of a successful answer of `O`, as its response schemas say (a union over its 2xx
 * statuses); `undefined` for an answer without a JSON body.
 */
export type SuccessBody<O extends Operation> = {
  [S in keyof O['responses'] & SuccessStatus]: O['responses'][S] extends { schema: infer T extends z.ZodType }
    ? z.output<T>
    : undefined
}[keyof O['responses'] & SuccessStatus]

/** Whether the operation takes a request header (declared in its `headers` schema). */
export const takesHeader = (op: Operation, name: string): boolean => Boolean(op.headers?.shape[name])

/**
 * The error statuses any request of the operation may get besides the ones it declares: the input
 * checks, credentials, the idempotency protocol, the transport limits, an internal error.
 */
export const errorStatusesOf = (op: Operation): number[] => {
  const idempotent = takesHeader(op, 'Idempotency-Key')
  return [
    400,
    ...(op.public ? [] : [401, 403]),
    408,
    ...(idempotent ? [409] : []),
    413,
    ...(op.body ? [415, 422] : idempotent ? [422] : []),
    431,
    500,
  ]
}
