import type { AuditReport } from '#services/audit/index.ts'
import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'
import { readPublicKey, recheckAnchor, UNVERIFIED_EXIT } from './audit-anchors.ts'

/** One run's place in the window summary. */
type Outcome =
  | { runId: string; verdict: 'match' | 'in_progress' | 'unverified' }
  | { runId: string; verdict: 'diverged'; seq: number; difference: string; record?: unknown }

const outcomeOf = (report: AuditReport): Outcome => {
  const { runId, verdict } = report
  if (verdict.verdict === 'diverged')
    return {
      runId,
      verdict: 'diverged',
      seq: verdict.seq,
      difference: verdict.difference,
      ...(verdict.record ? { record: verdict.record } : {}),
    }
  if (verdict.verdict === 'match' && report.anchor && !report.anchor.ok)
    return { runId, verdict: 'unverified' }
  return { runId, verdict: verdict.verdict }
}

/** Every run of the caller's tenant created in the window, oldest page last (the API pages newest first). */
const runsIn = async (client: Client, since: string, until: string | undefined) => {
  const ids: string[] = []
  let cursor: string | undefined
  do {
    const { body } = await client.call('listRuns', { query: { since, until, limit: 100, cursor } })
    ids.push(...body.runs.map((r) => r.runId))
    cursor = body.next
  } while (cursor)
  return ids
}

/**
 * `chorus audit --since <t> [--until <t>]`: audits every run of the tenant created in the window,
 * one progress line each on stderr, then a summary (runs, match, diverged, in progress, unverified,
 * the failures by seq). Exit 1 when one diverged, 3 when one matched but no signed head vouches for
 * it, else 0 (runs still in progress are counted, not failed).
 */
export const auditWindow = async (
  client: Client,
  io: CliIo,
  options: { since: string; until?: string | undefined; publicKey?: string | undefined; json: boolean },
) => {
  const publicKey = await readPublicKey(io, options.publicKey)
  const ids = await runsIn(client, options.since, options.until)
  const outcomes: Outcome[] = []
  for (const [i, runId] of ids.entries()) {
    const { body } = await client.call('auditRun', { params: { runId } })
    // The answer's schema leaves the report's detail open; the audit service wrote it as an AuditReport.
    const outcome = outcomeOf(await recheckAnchor(body as unknown as AuditReport, publicKey))
    outcomes.push(outcome)
    const detail = outcome.verdict === 'diverged' ? ` at seq ${outcome.seq}: ${outcome.difference}` : ''
    io.stderr(`[${i + 1}/${ids.length}] ${runId}  ${outcome.verdict}${detail}\n`)
  }
  const count = (v: Outcome['verdict']) => outcomes.filter((o) => o.verdict === v).length
  const failures = outcomes
    .filter((o): o is Extract<Outcome, { verdict: 'diverged' }> => o.verdict === 'diverged')
    .sort((a, b) => a.seq - b.seq)
  const summary = {
    since: options.since,
    ...(options.until ? { until: options.until } : {}),
    runs: outcomes.length,
    match: count('match'),
    diverged: count('diverged'),
    inProgress: count('in_progress'),
    unverified: count('unverified'),
    failures,
  }
  if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`)
  else {
    io.stdout(
      `runs ${summary.runs}  match ${summary.match}  diverged ${summary.diverged}  in progress ${summary.inProgress}  unverified ${summary.unverified}\n`,
    )
    for (const f of failures) io.stdout(`  seq ${f.seq}  ${f.runId}  ${f.difference}\n`)
  }
  return summary.diverged > 0 ? 1 : summary.unverified > 0 ? UNVERIFIED_EXIT : 0
}
