import * as R from '../http/responses.ts'
import { defineOperation, ok } from '../operation.ts'

// Operations about the API itself: liveness and its OpenAPI document.

export const health = defineOperation({
  method: 'GET',
  path: '/health',
  operationId: 'health',
  group: 'admin',
  summary: 'Liveness; no credentials',
  tag: 'meta',
  public: true,
  responses: { 200: ok('up', R.Health) },
})

export const getOpenApi = defineOperation({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  group: 'admin',
  summary: 'This document; no credentials (its securitySchemes say how to authenticate)',
  tag: 'meta',
  public: true,
  responses: { 200: ok('OpenAPI 3.1 document', R.OpenApiDocument) },
})
