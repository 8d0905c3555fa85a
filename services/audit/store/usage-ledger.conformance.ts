import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChorusTable } from '#platform/store/index.ts'
import { makeUsageLedger, type UsageLine } from './usage-ledger.ts'

const line = (day: string, runId: string, team: string, tokens: number): UsageLine => ({
  day,
  runId,
  team,
  steps: 1,
  inputTokens: tokens,
  outputTokens: 0,
  toolCalls: 0,
  modelCalls: 1,
  costUsd: tokens / 1_000_000,
})

/**
 * What `GET /usage` relies on (ADR 0031), for any DynamoDB API: a tenant's lines come back by day
 * range, inclusive at both ends, never another tenant's, and writing a line again changes nothing.
 * Run on dynalite and on moto.
 */
export const describeUsageLedgerConformance = (
  name: string,
  setup: () => Promise<{ table: ChorusTable; close: () => Promise<void> }>,
) =>
  describe(`usage ledger: ${name}`, () => {
    let env: { table: ChorusTable; close: () => Promise<void> }
    beforeAll(async () => {
      env = await setup()
    })
    afterAll(() => env.close())

    it('returns the lines of the days asked, inclusive, of that tenant only, once each', async () => {
      const ledger = makeUsageLedger(env.table)
      await ledger.record('alpha', [
        line('2026-11-30', 'r1', 'writer', 10),
        line('2026-12-01', 'r1', 'writer', 20),
      ])
      await ledger.record('alpha', [
        line('2026-12-01', 'r2', 'researcher', 30),
        line('2026-12-02', 'r2', 'writer', 40),
      ])
      await ledger.record('beta', [line('2026-12-01', 'r9', 'writer', 99)])
      await ledger.record('alpha', [line('2026-12-01', 'r1', 'writer', 20)])

      const days = await ledger.lines('alpha', { since: '2026-12-01', until: '2026-12-02' })
      expect(days.map((l) => [l.day, l.runId, l.team, l.inputTokens])).toEqual([
        ['2026-12-01', 'r1', 'writer', 20],
        ['2026-12-01', 'r2', 'researcher', 30],
        ['2026-12-02', 'r2', 'writer', 40],
      ])
      expect(await ledger.lines('alpha', { since: '2026-11-30', until: '2026-11-30' })).toHaveLength(1)
      expect(await ledger.lines('beta', { since: '2026-11-01', until: '2026-12-31' })).toEqual([
        line('2026-12-01', 'r9', 'writer', 99),
      ])
      expect(await ledger.lines('gamma', { since: '2026-11-01', until: '2026-12-31' })).toEqual([])
    })
  })
