import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import { describe, expect, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import { silentLogger } from '#platform/log/index.ts'
import { defineOperation, ok } from '../operation.ts'
import { implement } from './implement.ts'
import { json } from './middleware.ts'

const probe = defineOperation({
  method: 'POST',
  path: '/things/{id}',
  operationId: 'probe',
  group: 'admin',
  summary: 'a probe',
  tag: 'test',
  params: z.object({ id: z.string().regex(/^t\d+$/, 'must be t and digits') }),
  query: z.object({ n: z.coerce.number().int().default(1) }).strict(),
  headers: z.object({ Prefer: z.string().max(8).optional() }),
  body: z.object({ name: z.string().min(1) }).strict(),
  responses: { 200: ok('echo', z.unknown()) },
})

const health = defineOperation({
  method: 'GET',
  path: '/up',
  operationId: 'up',
  group: 'admin',
  summary: 'up',
  tag: 'test',
  public: true,
  responses: { 200: ok('up') },
})

const TENANT = { tenantId: 'acme', principalId: 'u1' }

const event = (over: Partial<APIGatewayProxyEvent> & { json?: unknown }): APIGatewayProxyEvent => {
  const { json: body, ...rest } = over
  return {
    httpMethod: 'POST',
    path: '/things/t1',
    resource: '/things/{id}',
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: {},
    pathParameters: { id: 't1' },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    isBase64Encoded: false,
    body: JSON.stringify(body ?? { name: 'x' }),
    requestContext: { authorizer: TENANT } as unknown as APIGatewayProxyEvent['requestContext'],
    ...rest,
  }
}

const echo = implement(probe, { logger: silentLogger }, async (input) => json(200, input))
const call = async (e: APIGatewayProxyEvent) => {
  const res = await echo(e, {} as Context)
  return { status: res.statusCode, body: JSON.parse(String(res.body)) }
}

describe('implement', () => {
  it('hands the handler the caller and every declared input, parsed by its schema', async () => {
    const res = await call(
      event({
        queryStringParameters: { n: '3' },
        headers: { 'content-type': 'application/json', prefer: 'x' },
      }),
    )
    expect(res).toEqual({
      status: 200,
      body: {
        caller: { tenantId: 'acme', actor: { kind: 'user', id: 'u1' } },
        params: { id: 't1' },
        query: { n: 3 },
        headers: { Prefer: 'x' },
        body: { name: 'x' },
      },
    })
  })

  it('answers 400 naming the parameter, query field, header or body field that is wrong', async () => {
    const messages = await Promise.all(
      [
        event({ pathParameters: { id: 'nope' } }),
        event({ queryStringParameters: { n: 'x' } }),
        event({ headers: { 'content-type': 'application/json', PREFER: 'far too long' } }),
        event({ json: { name: '' } }),
      ].map(async (e) => (await call(e)).body.error.message),
    )
    expect(messages).toEqual([
      'id: must be t and digits',
      'query.n: Invalid input: expected number, received NaN',
      'Prefer: Too big: expected string to have <=8 characters',
      'body.name: Too small: expected string to have >=1 characters',
    ])
  })

  it('refuses a caller without a tenant (401) before it reads the inputs', async () => {
    const res = await call(event({ requestContext: {} as never, pathParameters: { id: 'nope' } }))
    expect([res.status, res.body.error.code]).toEqual([401, 'http.401'])
  })

  it('reads a body without a JSON content type as 415 and malformed JSON as 422', async () => {
    const statuses = await Promise.all(
      [event({ headers: {} }), event({ body: '{' })].map(async (e) => (await call(e)).status),
    )
    expect(statuses).toEqual([415, 422])
  })

  it('parses the query only when a lazy handler asks for it', async () => {
    const lazy = implement(probe, { logger: silentLogger, lazyQuery: true }, async ({ params, query }) =>
      params.id === 't1' ? json(404, { error: { code: 'nope', message: 'no' } }) : json(200, query()),
    )
    const bad = { queryStringParameters: { n: 'x' } }
    const found = await lazy(event(bad), {} as Context)
    const asked = await lazy(event({ ...bad, pathParameters: { id: 't2' } }), {} as Context)
    expect([found.statusCode, asked.statusCode]).toEqual([404, 400])
  })

  it('types the handler by its operation: no undeclared input, no caller of a public one', () => {
    implement(health, { logger: silentLogger }, async (input) => {
      expectTypeOf(input).toEqualTypeOf<Record<never, never>>()
      return json(200, {})
    })
    implement(probe, { logger: silentLogger, rawBody: true }, async (input) => {
      expectTypeOf(input.params).toEqualTypeOf<{ id: string }>()
      expectTypeOf(input.query).toEqualTypeOf<{ n: number }>()
      expectTypeOf(input.body).toEqualTypeOf<unknown>()
      return json(200, {})
    })
    const bare = defineOperation({ ...health, public: false })
    implement(bare, { logger: silentLogger }, async (input) => {
      // @ts-expect-error: the operation declares no path parameters
      input.params
      // @ts-expect-error: nor a body
      input.body
      return json(200, input.caller)
    })
  })
})
