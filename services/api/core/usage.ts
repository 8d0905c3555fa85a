import type { UsageLedger, UsageLine } from '#services/audit/index.ts'
import type { UsageReport } from '../http/usage-schemas.ts'
import { ApiError } from './api-error.ts'

/** A usage report spans at most this many days: one query of the tenant's ledger, paged. */
export const MAX_USAGE_DAYS = 366

type Totals = UsageReport['total']

const empty = (): Totals & { runIds: Set<string> } => ({
  steps: 0,
  inputTokens: 0,
  outputTokens: 0,
  tokens: 0,
  toolCalls: 0,
  modelCalls: 0,
  costUsd: 0,
  runs: 0,
  runIds: new Set(),
})

const add = (sum: ReturnType<typeof empty>, line: UsageLine) => {
  sum.steps += line.steps
  sum.inputTokens += line.inputTokens
  sum.outputTokens += line.outputTokens
  sum.tokens += line.inputTokens + line.outputTokens
  sum.toolCalls += line.toolCalls
  sum.modelCalls += line.modelCalls
  sum.costUsd = Math.round((sum.costUsd + line.costUsd) * 1e8) / 1e8
  sum.runIds.add(line.runId)
  sum.runs = sum.runIds.size
}

const totals = ({ runIds: _r, ...sum }: ReturnType<typeof empty>): Totals => sum

/** `GET /usage`: a tenant's usage of ended runs by day and by team, from its ledger (ADR 0031). */
export const makeUsage = ({
  ledger,
  now = () => new Date(),
}: {
  ledger: Pick<UsageLedger, 'lines'>
  now?: () => Date
}) => ({
  report: async (tenantId: string, query: { since?: string | undefined; until?: string | undefined }) => {
    const until = query.until ?? now().toISOString().slice(0, 10)
    const since = query.since ?? new Date(Date.parse(until) - 30 * 86_400_000).toISOString().slice(0, 10)
    const span = (Date.parse(until) - Date.parse(since)) / 86_400_000 + 1
    if (span < 1)
      throw new ApiError('request.invalid', `query.since: ${since} is after until ${until}`, {
        problems: [`query.since: is after until (${until})`],
      })
    if (span > MAX_USAGE_DAYS)
      throw new ApiError(
        'request.invalid',
        `a usage report spans at most ${MAX_USAGE_DAYS} days; this one spans ${span}`,
        {
          problems: [`query.since: at most ${MAX_USAGE_DAYS} days before until`],
        },
      )
    const total = empty()
    const days = new Map<
      string,
      { total: ReturnType<typeof empty>; teams: Map<string, ReturnType<typeof empty>> }
    >()
    const teams = new Map<string, ReturnType<typeof empty>>()
    for (const line of await ledger.lines(tenantId, { since, until })) {
      add(total, line)
      const day = days.get(line.day) ?? { total: empty(), teams: new Map() }
      add(day.total, line)
      const dayTeam = day.teams.get(line.team) ?? empty()
      add(dayTeam, line)
      day.teams.set(line.team, dayTeam)
      days.set(line.day, day)
      const team = teams.get(line.team) ?? empty()
      add(team, line)
      teams.set(line.team, team)
    }
    const byTeam = (map: Map<string, ReturnType<typeof empty>>) =>
      [...map].sort(([a], [b]) => a.localeCompare(b)).map(([team, sum]) => ({ team, ...totals(sum) }))
    return {
      since,
      until,
      total: totals(total),
      days: [...days]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, d]) => ({ day, total: totals(d.total), teams: byTeam(d.teams) })),
      teams: byTeam(teams),
    } satisfies UsageReport
  },
})

export type UsageService = ReturnType<typeof makeUsage>
