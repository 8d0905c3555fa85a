import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { AuditReport } from '#services/audit/index.ts'
import { CliError } from '../cli-error.ts'
import type { Client } from '../client.ts'
import type { CliIo } from '../io.ts'

/** The audit service, loaded on use (other commands start fast). */
const auditService = () => import('#services/audit/index.ts')

/** Exit code of what nobody vouches for: no key to check with, or no signed head holding it. */
export const UNVERIFIED_EXIT = 3

/**
 * The anchor public key: `--public-key <file>`, else `anchor-ed25519.pub.pem` in
 * `CHORUS_AUDIT_KEY_DIR` (default `~/.config/chorus/audit-keys`) when it is there; undefined if none.
 */
export const readPublicKey = async (io: CliIo, file: string | undefined): Promise<string | undefined> => {
  if (file)
    return readFile(resolve(io.cwd, file), 'utf8').catch((error: Error) => {
      throw new CliError('usage', `cannot read the public key ${file}: ${error.message}`)
    })
  const dir = io.env.CHORUS_AUDIT_KEY_DIR
    ? resolve(io.cwd, io.env.CHORUS_AUDIT_KEY_DIR)
    : join(homedir(), '.config', 'chorus', 'audit-keys')
  return readFile(join(dir, 'anchor-ed25519.pub.pem'), 'utf8').catch(() => undefined)
}

/**
 * Checks the anchor the server used with the caller's own copy of the public key: a server that
 * says "anchored" must show a head the key signed, holding this run's leaf. Returns the report as
 * the caller may trust it (an anchor that fails here is `unverified`).
 */
export const recheckAnchor = async (report: AuditReport, publicKey: string | undefined) => {
  if (!report.anchorProof || !publicKey || report.anchor?.ok !== true) return report
  const signed = (await auditService()).verifySignedLeaf(report.anchorProof, publicKey, report)
  return signed.ok ? report : { ...report, anchor: signed }
}

/** 0 match and anchored (or no anchoring here), 1 diverged or in progress, 3 match but no signed head vouches. */
export const exitOfAudit = (report: AuditReport) => {
  if (report.verdict.verdict !== 'match') return 1
  return report.anchor && !report.anchor.ok ? UNVERIFIED_EXIT : 0
}

/**
 * `chorus audit --consistency [old] [new]`: proves, with the public key, that the tenant's signed
 * head of `new` leaves (the latest) extends the one of `old` (the first): nothing anchored between
 * them was changed or removed. Exit 0 proven, 1 refused, 3 no key or nothing anchored.
 */
export const auditConsistency = async (
  client: Client,
  io: CliIo,
  options: {
    from?: string | undefined
    to?: string | undefined
    publicKey?: string | undefined
    json: boolean
  },
) => {
  const size = (value: string | undefined, what: string) => {
    if (value === undefined) return undefined
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1)
      throw new CliError('usage', `${what} must be a tree size (a positive integer)`)
    return n
  }
  const from = size(options.from, 'old')
  const to = size(options.to, 'new')
  const { body: list } = await client.call('listAnchorHeads')
  if (!list.anchoring || list.heads.length === 0) {
    io.stderr('chorus: no signed anchor head yet (runs are anchored when they end)\n')
    return UNVERIFIED_EXIT
  }
  const { body } = await client.call('listAnchorHeads', { query: { from: from ?? list.heads[0], to } })
  const proof = body.consistency
  if (!proof) throw new CliError('request', 'the server sent no consistency proof')
  const publicKey = await readPublicKey(io, options.publicKey)
  const verdict = publicKey
    ? (await auditService()).verifyHeadsConsistent(proof.older, proof.newer, proof.proof, publicKey)
    : undefined
  const line = !verdict
    ? `UNVERIFIED: no public key to check the heads with (give --public-key <file>)`
    : verdict.ok
      ? `CONSISTENT: the signed head of ${proof.newer.treeSize} run heads extends the one of ${proof.older.treeSize} (signatures and proof verified)`
      : `INCONSISTENT: ${verdict.problem}`
  io.stdout(
    options.json
      ? `${JSON.stringify({ ...proof, verdict: verdict ?? { ok: false, problem: 'unverified' } }, null, 2)}\n`
      : `${line}\n`,
  )
  return !verdict ? UNVERIFIED_EXIT : verdict.ok ? 0 : 1
}
