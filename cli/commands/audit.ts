import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { operations, SuccessBody } from '#services/api/index.ts'
import type { AuditReport } from '#services/audit/index.ts'
import { CliError } from '../cli-error.ts'
import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'
import { exitOfAudit, readPublicKey, recheckAnchor, UNVERIFIED_EXIT } from './audit-anchors.ts'

/** The audit service (hash chains, re-derivation through LangGraph): loaded on use, so other commands start fast. */
const auditService = () => import('#services/audit/index.ts')

const exitOf = (report: AuditReport) => (report.verdict.verdict === 'match' ? 0 : 1)

const print = async (io: CliIo, report: AuditReport, json: boolean) =>
  io.stdout(json ? `${JSON.stringify(report, null, 2)}\n` : (await auditService()).renderReport(report))

/**
 * `chorus audit <runId>`: the API audits the run from its records and against the latest signed
 * anchor head; the anchor is checked again here with the caller's copy of the public key. Exit 1
 * when it diverged or is in progress, 3 when it matches but no signed head vouches for it.
 */
export const auditRun = async (
  client: Client,
  io: CliIo,
  options: { runId: string; json: boolean; publicKey?: string | undefined },
) => {
  const { body } = await client.call('auditRun', { params: { runId: options.runId } })
  // The answer's schema leaves the report's detail open; the audit service wrote it as an AuditReport.
  const report = await recheckAnchor(
    body as unknown as AuditReport,
    await readPublicKey(io, options.publicKey),
  )
  await print(io, report, options.json)
  const code = exitOfAudit(report)
  if (code === UNVERIFIED_EXIT && report.anchor && !report.anchor.ok)
    io.stderr(`chorus: run consistent but unverified: ${report.anchor.problem}\n`)
  return code
}

/**
 * `chorus audit --bundle <file> [--public-key <pem>] [--key <k>]`: verifies an exported bundle
 * offline, no server needed. With the tenant's public key its anchor is checked too (the signed
 * head, the run's inclusion proof, the anchored head in its events): a third party needs nothing
 * else. A consistent bundle nobody vouches for (no key, or no head the key signed) is
 * unsigned/unverified (exit 3), never a match.
 */
export const auditBundle = async (
  io: CliIo,
  options: { file: string; key?: string | undefined; publicKey?: string | undefined; json: boolean },
) => {
  const text = await readFile(resolve(io.cwd, options.file), 'utf8').catch((error: Error) => {
    throw new CliError('usage', `cannot read ${options.file}: ${error.message}`)
  })
  const publicKey = options.publicKey ? await readPublicKey(io, options.publicKey) : undefined
  const verdict = await (await auditService()).verifyBundle(text, {
    ...(options.key ? { signingKey: options.key } : {}),
    ...(publicKey ? { publicKey } : {}),
  })
  if (!verdict.ok) {
    io.stderr(`chorus: bundle refused: ${verdict.problem}\n`)
    return 1
  }
  const { report } = verdict
  const vouched = publicKey ? report.anchor?.ok === true : !!options.key
  if (vouched || report.verdict.verdict !== 'match') {
    await print(io, report, options.json)
    return exitOf(report)
  }
  // Nobody vouches for a consistent bundle: anyone could have written it. Never MATCH, its own exit code.
  const why = publicKey
    ? `no head signed by the public key vouches for it (${report.anchor && !report.anchor.ok ? report.anchor.problem : 'no anchor'})`
    : 'no key was given to check who made it'
  io.stdout(
    options.json
      ? `${JSON.stringify({ ...report, verdict: { verdict: 'unverified' }, consistent: report.verdict }, null, 2)}\n`
      : (await auditService())
          .renderReport(report)
          .replace(/^Verdict: .*$/m, `Verdict: UNSIGNED/UNVERIFIED (consistent, but ${why})`),
  )
  io.stderr(`chorus: bundle unsigned/unverified: ${why}; give --public-key <file> to check its signed head\n`)
  return UNVERIFIED_EXIT
}

/** `chorus export <runId> [--out <file>]`: the run as a bundle, to a file or standard output. */
export const exportRun = async (
  client: Client,
  io: CliIo,
  options: { runId: string; out?: string | undefined },
) => {
  const bundle = await client.callText('exportRunBundle', { params: { runId: options.runId } })
  if (!options.out) io.stdout(bundle)
  else {
    await writeFile(resolve(io.cwd, options.out), bundle, 'utf8')
    io.stderr(
      `wrote ${options.out} (${bundle.split('\n').length - 1} lines); verify it with: chorus audit --bundle ${options.out} --public-key <anchor-ed25519.pub.pem>\n`,
    )
  }
  return 0
}

type Comparison = SuccessBody<typeof operations.compareReplay>

/** Whether the replayed view is as far as it will get: the whole run, or the window's end of it. */
const settled = (c: Comparison, windowLast: number) =>
  c.equal && (!c.partial || c.partial.replayedSeq >= windowLast)

const verdictOf = (c: Comparison) =>
  !c.equal
    ? 'DIFFERS from live'
    : c.partial
      ? `partial: replayed through seq ${c.partial.replayedSeq} of ${c.partial.liveSeq}, equal to the log up to there`
      : 'equal to live'

/**
 * `chorus replay --from <t> --to <t> [--run <id>] [--name <n>]`: re-delivers a window of the archive
 * under a replay name, waits for the projections, and compares each run's replayed view with the live
 * one; exit 1 when one differs.
 */
export const replay = async (
  client: Client,
  io: CliIo,
  options: {
    from: string
    to: string
    run?: string | undefined
    name: string
    json: boolean
    waitMs?: number
  },
) => {
  const { body: started } = await client.call('startReplay', {
    body: {
      from: options.from,
      to: options.to,
      name: options.name,
      ...(options.run ? { runId: options.run } : {}),
    },
  })
  if (!options.json)
    io.stderr(
      `replay ${started.name}: ${started.events} events of ${started.runs.length} run(s) re-delivered\n`,
    )
  const deadline = Date.now() + (options.waitMs ?? 30_000)
  const results: Comparison[] = []
  for (const { runId, windowSeqs } of started.runs) {
    let comparison: Comparison
    for (;;) {
      comparison = (await client.call('compareReplay', { params: { name: started.name, runId } })).body
      if (settled(comparison, windowSeqs?.last ?? 0) || Date.now() >= deadline) break
      await new Promise((r) => setTimeout(r, 200))
    }
    results.push({
      runId,
      equal: comparison.equal,
      ...(comparison.partial ? { partial: comparison.partial } : {}),
    })
    if (!options.json) io.stdout(`${runId}  ${verdictOf(comparison)}\n`)
  }
  if (options.json) io.stdout(`${JSON.stringify({ ...started, results }, null, 2)}\n`)
  return results.every((r) => r.equal) ? 0 : 1
}
