import { z } from 'zod'
import { INPUT_LIMITS } from '../http/input-hygiene.ts'
import { errorStatusesOf, type Operation, takesHeader } from '../operation.ts'

type Json = Record<string, unknown>

/** JSON Schema of a Zod schema as a request (`input`) or a response (`output`) shows it. */
const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json
  return rest
}

const limits = `${INPUT_LIMITS.bodyBytes} bytes of body, ${INPUT_LIMITS.headerBytes} bytes of headers, ${INPUT_LIMITS.parameterChars} characters a parameter, ${INPUT_LIMITS.queryParameters} query parameters`

/** The error answers an operation may give besides its own, and why. */
const ERROR_RESPONSES: Record<number, string> = {
  400: 'invalid parameters, headers or body (also a lone surrogate: `request.invalidUnicode`); the message names each problem',
  401: 'missing, malformed, expired or untrusted bearer token',
  403: "missing API key, or not one of the token's tenant",
  408: 'the request (headers or body) did not arrive in time; the connection is closed',
  409: 'an Idempotency-Key still in progress (Retry-After), a name in use, or a run that ended',
  413: `body too large (at most ${INPUT_LIMITS.bodyBytes} bytes; a team definition at most 64 KB)`,
  415: 'body is not JSON (content-type)',
  422: 'malformed JSON, or an Idempotency-Key reused for another request',
  431: `request headers too large (at most ${INPUT_LIMITS.headerBytes} bytes)`,
  500: 'internal error: logged, answered without details',
}

/** Headers an error answer of `op` may carry. */
const errorHeadersOf = (op: Operation, status: number): Json | undefined => {
  if (status === 401)
    return { 'WWW-Authenticate': { description: 'the bearer challenge', schema: { type: 'string' } } }
  if (status === 409 && takesHeader(op, 'Idempotency-Key'))
    return {
      'Retry-After': {
        description: 'seconds to wait while a request with this Idempotency-Key is in progress',
        schema: { type: 'string', pattern: '^\\d+$' },
      },
    }
  return undefined
}

/** The parameters of one place (`path`, `query`, `header`) from its Zod object, descriptions hoisted. */
const parametersIn = (where: 'path' | 'query' | 'header', object: z.ZodObject | undefined): Json[] => {
  if (!object) return []
  const schema = schemaOf(object, 'input') as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(schema.properties ?? {}).map(([name, { description, ...property }]) => ({
    name,
    in: where,
    required: where === 'path' || (schema.required ?? []).includes(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema: property,
  }))
}

const mediaOf = (schema: z.ZodType | undefined): Json => ({
  schema: schema ? schemaOf(schema, 'output') : { type: 'string' },
})

const headersOf = (headers: Operation['responses'][number]['headers']): Json =>
  Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, h]) => [
      name,
      {
        description: h.description,
        required: h.required ?? false,
        schema: h.schema ? schemaOf(h.schema, 'output') : { type: 'string' },
      },
    ]),
  )

const responsesOf = (op: Operation): Json => {
  const error = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
  const documented = Object.fromEntries(
    Object.entries(op.responses).map(([status, r]) => {
      const content =
        Number(status) >= 400
          ? error
          : r.schema || r.contentType || r.alternatives
            ? {
                [r.contentType ?? 'application/json']: mediaOf(r.schema),
                ...Object.fromEntries(Object.entries(r.alternatives ?? {}).map(([t, s]) => [t, mediaOf(s)])),
              }
            : undefined
      const headers = { ...errorHeadersOf(op, Number(status)), ...headersOf(r.headers) }
      return [
        status,
        {
          description: r.description,
          ...(Object.keys(headers).length > 0 ? { headers } : {}),
          ...(content ? { content } : {}),
        },
      ]
    }),
  )
  const generic = Object.fromEntries(
    errorStatusesOf(op)
      .filter((s) => !(s in documented))
      .map((s) => {
        const headers = errorHeadersOf(op, s)
        return [s, { description: ERROR_RESPONSES[s], ...(headers ? { headers } : {}), content: error }]
      }),
  )
  return { ...documented, ...generic }
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the operations table and its Zod
 * schemas (`z.toJSONSchema`), so it cannot drift from what the handlers accept: every path,
 * query and header parameter, every media type and response header, and the error answers each
 * operation can give.
 */
export const openApiDocument = (operations: readonly Operation[], errorSchema: z.ZodType) => {
  const paths: Record<string, Json> = {}
  for (const op of operations) {
    paths[op.path] = {
      ...paths[op.path],
      [op.method.toLowerCase()]: {
        operationId: op.operationId,
        summary: op.summary,
        tags: [op.tag],
        ...(op.public ? { security: [] } : {}),
        parameters: [
          ...parametersIn('path', op.params),
          ...parametersIn('query', op.query),
          ...parametersIn('header', op.headers),
        ],
        ...(op.body
          ? {
              requestBody: {
                required: !op.body.safeParse(null).success,
                content: { 'application/json': { schema: schemaOf(op.body, 'input') } },
              },
            }
          : {}),
        responses: responsesOf(op),
      },
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Chorus API',
      version: '1.0.0',
      description: [
        'Chats, runs, teams, triggers and external events. Every endpoint but /health needs a bearer JWT and an API key.',
        `Every request stays within ${limits}, in well-formed UTF-8.`,
        'A method a path does not serve answers 405 with `Allow` (components.responses.MethodNotAllowed).',
      ].join(' '),
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [], apiKey: [] }],
    paths,
    components: {
      schemas: { Error: schemaOf(errorSchema, 'output') },
      responses: {
        MethodNotAllowed: {
          description: 'the path exists, the method does not',
          headers: {
            Allow: { description: 'the methods the path serves', required: true, schema: { type: 'string' } },
          },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
  }
}
