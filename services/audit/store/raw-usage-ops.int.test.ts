import { PutItemCommand } from 'dynamodb-toolbox'
import { it } from 'vitest'
import { makeUsageEntity } from '#platform/store/entities/usage.ts'
import { usagePk } from '#platform/store/keys.ts'
import { describeOnBothEngines } from '#platform/store/raw-ops.harness.ts'
import { makeUsageLedger, type UsageLine } from './usage-ledger.ts'

/**
 * A run's usage lines, put raw (`usage-ledger.ts`), store what toolbox's puts did and read back the
 * same (see `#platform/store/raw-ops.harness.ts`).
 */
describeOnBothEngines("raw usage ledger puts as toolbox's", ({ env, same }) => {
  const line = (day: string, team: string, n: number): UsageLine => ({
    day,
    runId: 'r1',
    team,
    steps: n,
    inputTokens: 10 * n,
    outputTokens: 5 * n,
    toolCalls: 0,
    modelCalls: n,
    costUsd: 0.125 * n,
  })
  const lines = [
    line('2026-12-01', 'writer', 2),
    line('2026-12-02', 'writer', 1),
    line('2026-12-02', 'critic', 3),
  ]

  it('puts the lines of a run end, again with the same values when it is redelivered', async () => {
    for (const seed of [
      undefined,
      (tenantId: string) => makeUsageLedger(env.table).record(tenantId, [line('2026-12-02', 'writer', 9)]),
    ])
      await same({
        pk: usagePk,
        ...(seed ? { seed } : {}),
        toolbox: async (tenantId) => {
          for (const l of lines)
            await makeUsageEntity(env.table)
              .build(PutItemCommand)
              .item({ tenantId, ...l })
              .send()
          return makeUsageLedger(env.table).lines(tenantId, { since: '2026-12-01', until: '2026-12-02' })
        },
        // An attribute a line does not name is not stored (toolbox's parser dropped it).
        raw: async (tenantId) => {
          await makeUsageLedger(env.table).record(
            tenantId,
            lines.map((l) => ({ ...l, extra: 'x' })),
          )
          return makeUsageLedger(env.table).lines(tenantId, { since: '2026-12-01', until: '2026-12-02' })
        },
      })
  })
})
