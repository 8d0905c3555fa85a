import { boolean, Entity, item, map, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/**
 * The failed requests of one model call (same step, same input) across all its deliveries: the
 * shared attempt budget of the model client and the queue (ADR 0013).
 */
export const makeModelAttemptsEntity = (table: ChorusTable) =>
  new Entity({
    name: 'ModelAttempts',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      stepId: string().key(),
      inputHash: string().key(),
      failures: number(),
      final: boolean().optional(),
      last: map({ code: string(), message: string(), retryable: boolean() }),
    }),
    computeKey: ({ tenantId, runId, stepId, inputHash }) =>
      keys.modelAttempts(tenantId, runId, stepId, inputHash),
  })
