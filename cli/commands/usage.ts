import type { operations, SuccessBody } from '#services/api/index.ts'
import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'

type Report = SuccessBody<typeof operations.getUsage>
type Totals = Report['total']

const line = (label: string, t: Totals) =>
  `${label.padEnd(14)} ${String(t.runs).padStart(5)} ${String(t.steps).padStart(6)} ${String(t.tokens).padStart(10)} ${String(t.toolCalls).padStart(6)} ${t.costUsd.toFixed(6).padStart(12)}\n`

/**
 * `chorus usage [--since d] [--until d]`: the tenant's usage of ended runs (ADR 0031) by day, then
 * by team, then in total: runs, steps, tokens, tool calls and cost in USD.
 */
export const showUsage = async (
  client: Client,
  io: CliIo,
  options: { since?: string | undefined; until?: string | undefined; json: boolean },
): Promise<number> => {
  const { body } = await client.call('getUsage', { query: { since: options.since, until: options.until } })
  if (options.json) {
    io.stdout(`${JSON.stringify(body, null, 2)}\n`)
    return 0
  }
  io.stdout(`usage from ${body.since} to ${body.until} (ended runs)\n`)
  io.stdout(
    `${''.padEnd(14)} ${'runs'.padStart(5)} ${'steps'.padStart(6)} ${'tokens'.padStart(10)} ${'tools'.padStart(6)} ${'USD'.padStart(12)}\n`,
  )
  for (const day of body.days) io.stdout(line(day.day, day.total))
  for (const team of body.teams) io.stdout(line(team.team, team))
  io.stdout(line('total', body.total))
  return 0
}
