import { Entity, item, number, string } from 'dynamodb-toolbox'
import { keys } from '../keys.ts'
import type { ChorusTable } from '../table.ts'

/** What one ended run's steps of one team used on one day (ADR 0031): a line of the tenant's usage ledger. */
export const makeUsageEntity = (table: ChorusTable) =>
  new Entity({
    name: 'Usage',
    table,
    timestamps: false,
    schema: item({
      tenantId: string().key(),
      day: string().key(),
      runId: string().key(),
      team: string().key(),
      steps: number(),
      inputTokens: number(),
      outputTokens: number(),
      toolCalls: number(),
      modelCalls: number(),
      costUsd: number(),
    }),
    computeKey: ({ tenantId, day, runId, team }) => keys.usage(tenantId, day, runId, team),
  })
