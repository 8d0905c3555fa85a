import { QueryCommand } from 'dynamodb-toolbox'
import { makeRunEntity, type RunStatus } from './entities/run.ts'
import { gsi, keys } from './keys.ts'
import type { RunRecord } from './run-store.ts'
import type { ChorusTable } from './table.ts'

/** A run as a list shows it. */
export type RunSummary = Pick<
  RunRecord,
  'runId' | 'status' | 'request' | 'chatId' | 'createdAt' | 'updatedAt'
>

/** Where the next page starts: the last run of the previous one. */
export interface RunCursor {
  createdAt: string
  runId: string
}

export interface RunListQuery {
  /** Only runs in this status (GSI2); all runs otherwise (GSI1). */
  status?: RunStatus
  /** Created at or after / at or before this instant, as `Date.toISOString()` writes it (UTC, ms). */
  since?: string
  until?: string
  limit: number
  after?: RunCursor
}

/** Lists a tenant's runs, newest first, by time or by status. */
export type RunList = (
  tenantId: string,
  query: RunListQuery,
) => Promise<{ runs: RunSummary[]; next?: RunCursor }>

/**
 * The sort-key condition of a time window. Sort keys are `<createdAt>#<runId>`: '~' sorts after every
 * ULID character, so `until` is inclusive. An open side gets no bound at all: DynamoDB refuses an
 * empty string in a key condition (AWS, moto and the embedded engine do), and BETWEEN with its
 * bounds the wrong way round.
 */
const timeRange = (since: string | undefined, until: string | undefined) => {
  const upper = until === undefined ? undefined : `${until}~`
  if (since !== undefined && upper !== undefined)
    return since <= upper ? { between: [since, upper] as [string, string] } : ('empty' as const)
  if (since !== undefined) return { gte: since }
  if (upper !== undefined) return { lte: upper }
  return undefined
}

export const makeRunList = (table: ChorusTable): RunList => {
  const runs = makeRunEntity(table)
  return async (tenantId, { status, since, until, limit, after }) => {
    const index = status ? ('GSI2' as const) : ('GSI1' as const)
    const partition = status ? gsi.runStatusPk(tenantId, status) : gsi.runsByTime(tenantId, '', '').GSI1PK
    const range = timeRange(since, until)
    if (range === 'empty') return { runs: [] }
    const start = after
      ? {
          ...keys.run(tenantId, after.runId),
          // A start key holds exactly the table's and the queried index's keys.
          ...(status
            ? gsi.runsByStatus(tenantId, status, after.createdAt, after.runId)
            : gsi.runsByTime(tenantId, after.createdAt, after.runId)),
        }
      : undefined
    const { Items = [], LastEvaluatedKey } = await table
      .build(QueryCommand)
      .query({ index, partition, ...(range ? { range } : {}) })
      .entities(runs)
      .options({ reverse: true, limit, ...(start ? { exclusiveStartKey: start } : {}) })
      .send()
    const summaries = Items.map(({ runId, status, request, chatId, createdAt, updatedAt }) => ({
      runId,
      status,
      request,
      ...(chatId ? { chatId } : {}),
      createdAt,
      updatedAt,
    }))
    const last = summaries.at(-1)
    return {
      runs: summaries,
      ...(LastEvaluatedKey && last ? { next: { createdAt: last.createdAt, runId: last.runId } } : {}),
    }
  }
}
