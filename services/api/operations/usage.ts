import * as U from '../http/usage-schemas.ts'
import { defineOperation, ok } from '../operation.ts'

// A tenant's usage of ended runs (ADR 0031).

export const getUsage = defineOperation({
  method: 'GET',
  path: '/usage',
  operationId: 'getUsage',
  group: 'runs',
  summary:
    "The tenant's usage of ended runs (tokens, tool calls, model calls, cost in USD, steps, runs) by day and by team (ADR 0031)",
  tag: 'runs',
  query: U.UsageQuery,
  responses: {
    200: ok('totals, by day (with each team) and by team', U.UsageReport),
    400: ok('a bad window'),
  },
})
