import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import { makeUsageEntity } from '#platform/store/entities/usage.ts'
import { usagePk } from '#platform/store/keys.ts'
import type { ChorusTable } from '#platform/store/table.ts'

/** What some steps used: the sums a ledger line and a usage report carry. */
export interface UsageTotals {
  steps: number
  inputTokens: number
  outputTokens: number
  toolCalls: number
  modelCalls: number
  costUsd: number
}

/** One line: a run's steps of one team on one day (`YYYY-MM-DD`, UTC). */
export interface UsageLine extends UsageTotals {
  day: string
  runId: string
  team: string
}

/**
 * A tenant's usage ledger (ADR 0031): one partition per tenant, one item per (day, run, team),
 * written when the run ends. `record` is one put per line (the same line again writes the same
 * values, so a redelivered run end changes nothing); `lines` one query of the days asked, paged.
 */
export interface UsageLedger {
  record(tenantId: string, lines: readonly UsageLine[]): Promise<void>
  /** The lines of days `since` to `until` (inclusive, `YYYY-MM-DD`), in day order. */
  lines(tenantId: string, range: { since: string; until: string }): Promise<UsageLine[]>
}

export const makeUsageLedger = (table: ChorusTable): UsageLedger => {
  const usage = makeUsageEntity(table)
  return {
    record: async (tenantId, lines) => {
      for (const line of lines)
        await usage
          .build(PutItemCommand)
          .item({ tenantId, ...line })
          .send()
    },
    lines: async (tenantId, { since, until }) => {
      const found: UsageLine[] = []
      let exclusiveStartKey: Record<string, unknown> | undefined
      do {
        const page = await table
          .build(QueryCommand)
          .query({ partition: usagePk(tenantId), range: { between: [since, `${until}#\uffff`] } })
          .entities(usage)
          .options({ ...(exclusiveStartKey ? { exclusiveStartKey } : {}) })
          .send()
        for (const item of page.Items ?? [])
          found.push({
            day: item.day,
            runId: item.runId,
            team: item.team,
            steps: item.steps,
            inputTokens: item.inputTokens,
            outputTokens: item.outputTokens,
            toolCalls: item.toolCalls,
            modelCalls: item.modelCalls,
            costUsd: item.costUsd,
          })
        exclusiveStartKey = page.LastEvaluatedKey
      } while (exclusiveStartKey)
      return found
    },
  }
}
