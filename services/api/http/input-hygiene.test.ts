import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { silentLogger } from '#platform/log/index.ts'
import { defineOperation, ok } from '../operation.ts'
import { implement } from './implement.ts'
import { INPUT_LIMITS, illFormedAt } from './input-hygiene.ts'
import { json } from './middleware.ts'

const LONE_HIGH = '\ud800'
const LONE_LOW = '\udc00'
const EMOJI = '\ud83d\ude00'

describe('illFormedAt: where a lone surrogate sits', () => {
  it.each([
    ['a lone high surrogate', { content: `a${LONE_HIGH}b` }, 'body.content'],
    ['a lone low surrogate', { content: `${LONE_LOW}` }, 'body.content'],
    ['a pair the wrong way round', { content: `${LONE_LOW}${LONE_HIGH}` }, 'body.content'],
    ['one deep in arrays', { a: [{ b: ['ok', `x${LONE_HIGH}`] }] }, 'body.a.0.b.1'],
    ['a key', { [`k${LONE_HIGH}`]: 'v' }, 'body.k\ufffd'],
  ])('finds %s', (_, value, at) => {
    expect(illFormedAt(value, 'body')).toBe(at)
  })

  it.each([
    ['plain text', { content: 'hello' }],
    ['a surrogate pair (emoji)', { content: `smile ${EMOJI}`, [EMOJI]: [EMOJI] }],
    ['numbers, booleans and null', { a: 1, b: true, c: null }],
  ])('passes %s', (_, value) => {
    expect(illFormedAt(value, 'body')).toBeUndefined()
  })
})

const Body = z.object({ content: z.string() }).strict()
const echo = defineOperation({
  method: 'POST',
  path: '/chats/{chatId}/messages',
  operationId: 'echo',
  group: 'chats',
  summary: 'echoes the content',
  tag: 'test',
  public: true,
  body: Body,
  responses: { 200: ok('the content') },
})
const handler = implement(echo, { logger: silentLogger }, async ({ body }) =>
  json(200, { echoed: body.content }),
)

const request = (over: Partial<APIGatewayProxyEvent> = {}) =>
  handler(
    {
      httpMethod: 'POST',
      path: '/chats/c/messages',
      resource: '/chats/{chatId}/messages',
      headers: { 'content-type': 'application/json' },
      multiValueHeaders: {},
      pathParameters: { chatId: 'c' },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      body: JSON.stringify({ content: 'hi' }),
      isBase64Encoded: false,
      ...over,
    } as APIGatewayProxyEvent,
    {} as Context,
  )

const errorOf = (res: { statusCode: number; body: string }) => ({
  status: res.statusCode,
  ...(JSON.parse(res.body) as { error: { code: string; message: string } }).error,
})

describe('inputHygiene: the first check of every endpoint', () => {
  it('passes a request within the limits, emoji included', async () => {
    const res = await request({ body: JSON.stringify({ content: EMOJI }) })
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { echoed: EMOJI }])
  })

  it.each([
    ['a JSON escape in the body', { body: '{"content":"\\ud800"}' }, 'body.content'],
    ['the raw body', { body: `{"content":"${LONE_HIGH}"}` }, 'body'],
    [
      'a header value',
      { headers: { 'content-type': 'application/json', 'x-note': LONE_LOW } },
      'header.x-note',
    ],
    ['a path parameter', { pathParameters: { chatId: LONE_HIGH } }, 'path.chatId'],
    ['a query parameter', { queryStringParameters: { limit: `1${LONE_HIGH}` } }, 'query.limit'],
    ['a query parameter name', { queryStringParameters: { [LONE_LOW]: '1' } }, 'query.\ufffd'],
  ])('refuses a lone surrogate in %s with a 400 naming it', async (_, over, field) => {
    const res = errorOf(await request(over as Partial<APIGatewayProxyEvent>))
    expect(res).toMatchObject({ status: 400, code: 'request.invalidUnicode' })
    expect(res.message.startsWith(`${field}: is not well-formed`)).toBe(true)
  })

  it('refuses a body over the limit with 413', async () => {
    const body = JSON.stringify({ content: 'x'.repeat(INPUT_LIMITS.bodyBytes) })
    expect(errorOf(await request({ body }))).toMatchObject({ status: 413, code: 'request.tooLarge' })
  })

  it('refuses headers over the limit with 431', async () => {
    const headers = { 'content-type': 'application/json', 'x-big': 'x'.repeat(INPUT_LIMITS.headerBytes) }
    expect(errorOf(await request({ headers }))).toMatchObject({
      status: 431,
      code: 'request.headersTooLarge',
    })
  })

  it.each([
    [
      'a long path parameter',
      { pathParameters: { chatId: 'c'.repeat(INPUT_LIMITS.parameterChars) } },
      /^path\.chatId/,
    ],
    [
      'a long query value',
      { queryStringParameters: { cursor: 'c'.repeat(INPUT_LIMITS.parameterChars) } },
      /^query\.cursor/,
    ],
    [
      'too many query parameters',
      { queryStringParameters: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`p${i}`, '1'])) },
      /^query: more than 32/,
    ],
  ])('refuses %s with a 400 naming it', async (_, over, message) => {
    const res = errorOf(await request(over))
    expect(res).toMatchObject({ status: 400, code: 'request.parameterTooLarge' })
    expect(res.message).toMatch(message)
  })
})
