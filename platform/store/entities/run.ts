import { boolean, Entity, item, map, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

export const RUN_STATUSES = ['requested', 'running', 'completed', 'failed'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** A run: one request and its lifecycle. Status moves forward only, by conditional writes. */
export const makeRunEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Run',
    table,
    schema: item({
      tenantId: string().key(),
      runId: string().key(),
      status: string().enum(...RUN_STATUSES),
      request: string(),
      chatId: string().optional(),
      createdAt: string(),
      updatedAt: string(),
      output: string().optional(),
      /** Outbox: the id of the RunCompleted/RunFailed that reports the outcome. */
      terminalEventId: string().optional(),
      failure: map({ code: string(), message: string(), retryable: boolean() }).optional(),
      /** Single-writer lease of the run's supervisor: who holds it, until when (epoch ms). */
      leaseOwner: string().optional(),
      leaseUntil: number().optional(),
      GSI1PK: string(),
      GSI1SK: string(),
    }),
    computeKey: ({ tenantId, runId }) => keys.run(tenantId, runId),
  })
