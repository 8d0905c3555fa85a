import middy from '@middy/core'
import httpJsonBodyParser from '@middy/http-json-body-parser'
import { createError } from '@middy/util'
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import { z } from 'zod'
import type { Actor } from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { Operation } from '../operation.ts'
import type { ApiResult } from './endpoint.ts'
import { inputHygiene } from './input-hygiene.ts'
import { callerOf, formatIssues, headerOf, jsonErrors, zodBody } from './middleware.ts'

/** Who called: the tenant and the actor the authorizer vouched for. */
export interface Caller {
  tenantId: string
  actor: Actor
}

type Schema<O, K extends string> = O extends { [P in K]: infer S extends z.ZodType } ? S : never

/**
 * What a handler of `O` receives: the caller (unless the operation is public) and each input the
 * operation declares, parsed by its schema. An input it does not declare is not there to read.
 * `RawBody`: the body as parsed JSON, read by a domain reader that names every problem itself.
 * `LazyQuery`: the query parsed when the handler asks (a 400 only once it does).
 */
export type Input<O extends Operation, RawBody extends boolean = false, LazyQuery extends boolean = false> = {
  [K in 'params' | 'query' | 'headers' | 'body' as [Schema<O, K>] extends [never]
    ? never
    : K]: K extends 'body'
    ? RawBody extends true
      ? unknown
      : z.output<Schema<O, K>>
    : K extends 'query'
      ? LazyQuery extends true
        ? () => z.output<Schema<O, K>>
        : z.output<Schema<O, K>>
      : z.output<Schema<O, K>>
} & (O extends { public: true } ? unknown : { caller: Caller })

export interface ImplementOptions<RawBody extends boolean, LazyQuery extends boolean> {
  logger: Logger
  /** Middleware before the body is parsed (`idempotent`, which fingerprints the raw body). */
  use?: readonly middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult>[]
  /** The handler reads the JSON body itself (a definition read whole by its service). */
  rawBody?: RawBody
  /** The handler parses the query only when it needs it (after it found the resource). */
  lazyQuery?: LazyQuery
}

/** A bound operation: an API Gateway REST proxy event in, its answer out. */
export type BoundHandler<R extends ApiResult> = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<R | APIGatewayProxyResult>

const parse = <S extends z.ZodType>(schema: S, value: unknown, prefix: string): z.output<S> => {
  const parsed = schema.safeParse(value)
  if (!parsed.success) throw createError(400, formatIssues(parsed.error.issues, prefix), { expose: true })
  return parsed.data
}

/** The declared headers present on the request, under their canonical names (API Gateway keeps the client's casing). */
const headersOf = (event: APIGatewayProxyEvent, schema: z.ZodObject) =>
  Object.fromEntries(
    Object.keys(schema.shape).flatMap((name) => {
      const value = headerOf(event, name)
      return value === undefined ? [] : [[name, value]]
    }),
  )

/**
 * Binds a handler to its operation: errors become JSON problems, the input is checked for size and
 * well-formed Unicode, `use` runs, the body is parsed (415, 422) and validated (400), then the caller
 * (401), path parameters, query and headers are validated (400, naming each problem) before `handle`
 * gets them typed by the operation's schemas.
 * @example implement(getRun, { logger }, async ({ caller, params }) => json(200, await view(caller.tenantId, params.runId)))
 */
export const implement = <
  const O extends Operation,
  R extends ApiResult,
  RawBody extends boolean = false,
  LazyQuery extends boolean = false,
>(
  operation: O,
  { logger, use = [], rawBody, lazyQuery }: ImplementOptions<RawBody, LazyQuery>,
  handle: (input: Input<O, RawBody, LazyQuery>) => Promise<R>,
): BoundHandler<R> => {
  const { params, query, headers, body } = operation
  const chain = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(jsonErrors({ logger }))
    .use(inputHygiene())
  for (const middleware of use) chain.use(middleware)
  if (body) {
    // Without a content type, a body the schema may leave out passes as it is (empty).
    chain.use(httpJsonBodyParser({ disableContentTypeError: body.safeParse(undefined).success }))
    chain.use(zodBody(rawBody ? z.unknown() : body))
  }
  const inputOf = (event: APIGatewayProxyEvent) => {
    const readQuery = () => parse(query as z.ZodObject, event.queryStringParameters ?? {}, 'query')
    return {
      ...(operation.public ? {} : { caller: callerOf(event) }),
      ...(params ? { params: parse(params, event.pathParameters ?? {}, '') } : {}),
      ...(query ? { query: lazyQuery ? readQuery : readQuery() } : {}),
      ...(headers ? { headers: parse(headers, headersOf(event, headers), '') } : {}),
      ...(body ? { body: event.body as unknown } : {}),
    }
  }
  // The answer is a proxy result or a streamed one (its body piped by the server or Lambda).
  const run = chain.handler(
    async (event) => (await handle(inputOf(event) as Input<O, RawBody, LazyQuery>)) as never,
  )
  return run as BoundHandler<R>
}
