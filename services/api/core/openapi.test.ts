import { Validator } from '@seriousme/openapi-schema-validator'
import { describe, expect, it } from 'vitest'
import { ErrorBody } from '../http/responses.ts'
import { API_OPERATIONS, type Operation } from '../routes.ts'
import { openApiDocument } from './openapi.ts'

type Json = Record<string, unknown>
type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Json }
type Doc = { paths: Record<string, Record<string, Json>>; components: Json; security: unknown }

const doc = openApiDocument(API_OPERATIONS, ErrorBody) as unknown as Doc
const operationOf = (op: Operation) => doc.paths[op.path]?.[op.method.toLowerCase()] as Json
const OPERATIONS: readonly Operation[] = API_OPERATIONS
const byId = (id: string) => operationOf(OPERATIONS.find((op) => op.operationId === id) as Operation)
const parametersOf = (id: string) => byId(id).parameters as Parameter[]
const responsesOf = (id: string) => byId(id).responses as Record<string, Json>

describe('the OpenAPI document, derived from the operations table', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(await new Validator().validate(doc as never)).toEqual({ valid: true })
  })

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))(
    '%s: lists every path, query and header parameter of its schemas',
    (_, op) => {
      const listed = (operationOf(op).parameters as Parameter[]).map((p) => `${p.in} ${p.name}`)
      const expected = [
        ...Object.keys(op.params?.shape ?? {}).map((n) => `path ${n}`),
        ...Object.keys(op.query?.shape ?? {}).map((n) => `query ${n}`),
        ...Object.keys(op.headers?.shape ?? {}).map((n) => `header ${n}`),
      ]
      expect(listed.sort()).toEqual(expected.sort())
    },
  )

  it.each(OPERATIONS.map((op) => [op.operationId, op] as const))(
    '%s: documents the error answers any request may get, with the error body',
    (_, op) => {
      const responses = operationOf(op).responses as Record<string, { content?: Json }>
      const always = ['400', '408', '413', '431', '500', ...(op.public ? [] : ['401', '403'])]
      for (const status of always)
        expect(responses[status]?.content, `${op.operationId} ${status}`).toEqual({
          'application/json': { schema: { $ref: '#/components/schemas/Error' } },
        })
    },
  )

  it('describes the request headers: Idempotency-Key, Prefer and Last-Event-ID', () => {
    const header = (id: string, name: string) =>
      parametersOf(id).find((p) => p.in === 'header' && p.name === name)
    expect(header('postMessage', 'Idempotency-Key')?.schema).toMatchObject({ pattern: expect.any(String) })
    expect(header('postEvents', 'Idempotency-Key')).toMatchObject({ required: false })
    expect(header('postMessage', 'Prefer')?.description).toMatch(/respond-async/)
    expect(header('streamRunEvents', 'Last-Event-ID')?.schema).toMatchObject({ type: 'integer', minimum: 0 })
    expect(responsesOf('postMessage')['409']).toMatchObject({ headers: { 'Retry-After': { schema: {} } } })
    expect(responsesOf('createTeam')['409']).not.toHaveProperty('headers')
  })

  it('describes the formats: ?format=text, server-sent events, the bundle', () => {
    expect(parametersOf('auditRun').find((p) => p.name === 'format')?.schema).toMatchObject({
      enum: ['json', 'text'],
    })
    expect(Object.keys(responsesOf('auditRun')['200']?.content as Json)).toEqual([
      'application/json',
      'text/plain',
    ])
    expect(responsesOf('streamRunEvents')['200']).toMatchObject({
      content: { 'text/event-stream': { schema: { required: ['id', 'event', 'data'] } } },
    })
    expect(Object.keys(responsesOf('exportRunBundle')['200']?.content as Json)).toEqual([
      'application/x-ndjson',
    ])
  })

  it('describes the answer headers: Location of what was created or handed over', () => {
    const created: [string, string][] = [
      ['createChat', '201'],
      ['createTeam', '201'],
      ['createTrigger', '201'],
      ['postMessage', '202'],
      ['cancelRun', '202'],
    ]
    for (const [id, status] of created)
      expect(responsesOf(id)[status], `${id} ${status}`).toMatchObject({
        headers: { Location: { required: true } },
      })
    expect(responsesOf('postMessage')['200']).toMatchObject({ headers: { 'Content-Location': {} } })
  })

  it('describes credentials as security schemes and the 405 with Allow', () => {
    expect(doc.security).toEqual([{ bearer: [], apiKey: [] }])
    expect(doc.components).toMatchObject({
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
      responses: { MethodNotAllowed: { headers: { Allow: { required: true } } } },
    })
    expect(byId('health').security).toEqual([])
  })
})
