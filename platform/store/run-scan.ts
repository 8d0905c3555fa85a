import { type Condition, ScanCommand } from 'dynamodb-toolbox'
import type { makeRunEntity } from './entities/run.ts'
import type { ChorusTable } from './table.ts'

type RunEntity = ReturnType<typeof makeRunEntity>

/**
 * Every run item that meets all `conditions`, page by page: the sweeps' scans (runs never started, runs
 * queued behind another, waits for approval that ran out). A scan reads the whole table: sweeps only.
 */
export const scanRuns = async (table: ChorusTable, runs: RunEntity, conditions: Condition<RunEntity>[]) => {
  const found = []
  let exclusiveStartKey: Record<string, unknown> | undefined
  do {
    const page = await table
      .build(ScanCommand)
      .entities(runs)
      .options({
        filters: { Run: { and: conditions } },
        ...(exclusiveStartKey ? { exclusiveStartKey } : {}),
      })
      .send()
    found.push(...(page.Items ?? []))
    exclusiveStartKey = page.LastEvaluatedKey
  } while (exclusiveStartKey)
  return found
}
