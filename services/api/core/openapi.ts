import { z } from 'zod'
import type { Operation } from '../routes.ts'

type Json = Record<string, unknown>

/** JSON Schema of a Zod schema as a request (`input`) or a response (`output`) shows it. */
const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): Json => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json
  return rest
}

const ERROR_RESPONSES: Record<number, string> = {
  400: 'invalid parameters or body; the message names each problem',
  401: 'missing, malformed, expired or untrusted bearer token',
  403: "missing API key, or not one of the token's tenant",
  409: 'conflict (an Idempotency-Key still in progress, a name in use, a run that ended)',
  413: 'body or definition too large',
  415: 'body is not JSON (content-type)',
  422: 'malformed JSON, or an Idempotency-Key reused for another request',
}

const parametersOf = (op: Operation): Json[] => {
  const fromObject = (where: 'path' | 'query', object: z.ZodObject | undefined) => {
    if (!object) return []
    const schema = schemaOf(object, 'input') as { properties?: Record<string, Json>; required?: string[] }
    return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (schema.required ?? []).includes(name),
      schema: property,
    }))
  }
  const header = (name: string, description: string) => ({
    name,
    in: 'header',
    required: false,
    description,
    schema: { type: 'string' },
  })
  return [
    ...fromObject('path', op.params),
    ...fromObject('query', op.query),
    ...(op.idempotent
      ? [header('Idempotency-Key', 'a retry with the same key returns the first answer (24 h)')]
      : []),
    ...(op.resumable ? [header('Last-Event-ID', 'resume after this seq')] : []),
  ]
}

const responsesOf = (op: Operation): Json => {
  const errors = [
    ...(op.params || op.query || op.body ? [400] : []),
    ...(op.public ? [] : [401, 403]),
    ...(op.body ? [413, 415, 422] : op.idempotent ? [422] : []),
    ...(op.idempotent ? [409] : []),
  ]
  const error = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
  const documented = Object.fromEntries(
    Object.entries(op.responses).map(([status, r]) => [
      status,
      {
        description: r.description,
        ...(Number(status) >= 400
          ? { content: error }
          : r.schema || r.contentType
            ? {
                content: {
                  [r.contentType ?? 'application/json']: {
                    schema: r.schema ? schemaOf(r.schema, 'output') : { type: 'string' },
                  },
                },
              }
            : {}),
      },
    ]),
  )
  const generic = Object.fromEntries(
    errors
      .filter((s) => !(s in documented))
      .map((s) => [s, { description: ERROR_RESPONSES[s], content: error }]),
  )
  return { ...documented, ...generic }
}

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the operations table and its Zod
 * schemas (`z.toJSONSchema`), so it cannot drift from what the handlers accept.
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
        parameters: parametersOf(op),
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
      description:
        'Chats, runs, teams, triggers and external events. Every endpoint but /health needs a bearer JWT and an API key.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [], apiKey: [] }],
    paths,
    components: {
      schemas: { Error: schemaOf(errorSchema, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
  }
}
