import { QueryCommand } from 'dynamodb-toolbox'
import { makeUsageEntity } from '#platform/store/entities/usage.ts'
import { usagePk } from '#platform/store/keys.ts'
import { rawPutItem } from '#platform/store/raw-write.ts'
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
      // Every run's end writes its lines: sent without toolbox's parser (ADR 0038; the attributes
      // named one by one, as toolbox's parser keeps only those; `raw-usage-ops.int.test.ts`).
      for (const line of lines)
        await rawPutItem(usage, {
          tenantId,
          day: line.day,
          runId: line.runId,
          team: line.team,
          steps: line.steps,
          inputTokens: line.inputTokens,
          outputTokens: line.outputTokens,
          toolCalls: line.toolCalls,
          modelCalls: line.modelCalls,
          costUsd: line.costUsd,
        })
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
