import * as R from '../http/responses.ts'
import * as S from '../http/schemas.ts'
import { defineOperation, ok } from '../operation.ts'

// External events in (PutEvents-like) and the JSON Schema of every event version.

export const postEvents = defineOperation({
  method: 'POST',
  path: '/events',
  operationId: 'postEvents',
  group: 'events',
  summary: 'Publish external events (PutEvents-like, per-entry results)',
  tag: 'events',
  body: S.PutEventsBody,
  headers: S.IdempotencyHeaders,
  responses: { 200: ok('per-entry results', R.PutEventsResult) },
})

export const getEventSchemas = defineOperation({
  method: 'GET',
  path: '/events/schemas',
  operationId: 'getEventSchemas',
  group: 'events',
  summary: 'JSON Schema of every event version (or of one name and version)',
  query: S.EventSchemasQuery,
  tag: 'events',
  responses: { 200: ok('schemas by Name.vN', R.EventSchemas) },
})
