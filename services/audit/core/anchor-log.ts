import { generateKeyPairSync } from 'node:crypto'
import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { canonicalJson } from '#events'
import { consistencyProof, inclusionProof, leafHash, rootOf } from './merkle.ts'
import { headDigest, SignedHead, signHead } from './signed-head.ts'

/** A run's chain head as anchored: the leaf of the tenant's tree. */
export interface RunHead {
  tenantId: string
  runId: string
  /** Events in the log when anchored. */
  length: number
  /** The hash of the last of them. */
  head: string
}

/** What a run's audit checks against: its latest anchored head, where it sits in the tree, the signed head. */
export interface RunAnchor {
  leaf: RunHead
  index: number
  proof: string[]
  signedHead: SignedHead
}

export const leafOf = (h: RunHead) =>
  canonicalJson({ tenantId: h.tenantId, runId: h.runId, length: h.length, head: h.head })

/**
 * Loads the Ed25519 signing key from `dir` (outside the data dir: `~/.config/chorus` by default),
 * creating it (mode 0600) on first use.
 */
export const loadOrCreateKey = async (dir: string): Promise<{ privateKey: string; publicKey: string }> => {
  const priv = join(dir, 'anchor-ed25519.pem')
  const pub = join(dir, 'anchor-ed25519.pub.pem')
  try {
    return { privateKey: await readFile(priv, 'utf8'), publicKey: await readFile(pub, 'utf8') }
  } catch {
    const pair = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
    await mkdir(dir, { recursive: true, mode: 0o700 })
    await writeFile(priv, pair.privateKey, { mode: 0o600, flag: 'wx' })
    await writeFile(pub, pair.publicKey, { mode: 0o644, flag: 'wx' })
    return { privateKey: pair.privateKey, publicKey: pair.publicKey }
  }
}

/**
 * A tenant's append-only anchor log in files: `leaves.jsonl` (one run head per line, never
 * rewritten) and `heads/<size>.json`, each a signed tree head that names the digest of the one
 * before it (CloudTrail-style digest files over a Certificate Transparency tree).
 */
export const makeAnchorLog = ({ dir, privateKey }: { dir: string; privateKey?: string }) => {
  const tenantDir = (tenantId: string) => join(dir, encodeURIComponent(tenantId))
  const readLeaves = async (tenantId: string): Promise<RunHead[]> => {
    const text = await readFile(join(tenantDir(tenantId), 'leaves.jsonl'), 'utf8').catch(() => '')
    return text
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as RunHead)
  }
  const headNames = async (tenantId: string) =>
    (await readdir(join(tenantDir(tenantId), 'heads')).catch(() => [] as string[]))
      .filter((n) => /^\d{12}\.json$/.test(n))
      .sort()
  /** The sizes of the tenant's signed heads, smallest first. */
  const headSizes = async (tenantId: string) => (await headNames(tenantId)).map((n) => Number(n.slice(0, 12)))
  const head = async (tenantId: string, size?: number): Promise<SignedHead | undefined> => {
    const names = await headNames(tenantId)
    const name = size === undefined ? names.at(-1) : `${String(size).padStart(12, '0')}.json`
    if (!name || !names.includes(name)) return undefined
    return SignedHead.parse(JSON.parse(await readFile(join(tenantDir(tenantId), 'heads', name), 'utf8')))
  }

  return {
    /** The latest signed head, or one of a given size. */
    head,
    /** The tree sizes of the tenant's signed heads, smallest first. */
    sizes: headSizes,
    /**
     * Appends the heads that changed since they were last anchored and signs the new tree head. A
     * run whose log no longer holds its anchored head (`hashes`: every hash of its log, by seq) is
     * refused, not re-anchored: a rewritten log never gets a clean leaf.
     */
    anchor: async (
      tenantId: string,
      runs: readonly (RunHead & { hashes: readonly string[] })[],
      now = new Date(),
    ): Promise<{ signed: SignedHead; refused: { runId: string; seq: number }[] }> => {
      if (!privateKey) throw new Error('anchoring needs the signing key')
      const leaves = await readLeaves(tenantId)
      const latest = new Map(leaves.map((l) => [l.runId, l]))
      const refused: { runId: string; seq: number }[] = []
      const added: RunHead[] = []
      for (const { hashes, ...run } of runs) {
        const before = latest.get(run.runId)
        if (run.tenantId !== tenantId || (before && leafOf(before) === leafOf(run))) continue
        if (before && hashes[before.length - 1] !== before.head)
          refused.push({ runId: run.runId, seq: before.length })
        else added.push(run)
      }
      const previous = await head(tenantId)
      if (added.length === 0 && previous) return { signed: previous, refused }
      await mkdir(join(tenantDir(tenantId), 'heads'), { recursive: true })
      if (added.length > 0)
        await appendFile(
          join(tenantDir(tenantId), 'leaves.jsonl'),
          added.map((r) => `${leafOf(r)}\n`).join(''),
        )
      const all = [...leaves, ...added]
      const signed = signHead(
        {
          format: 'chorus.signed-head/1',
          tenantId,
          treeSize: all.length,
          rootHash: rootOf(all.map((l) => leafHash(leafOf(l)))),
          previous: previous ? headDigest(previous) : null,
          signedAt: now.toISOString(),
        },
        privateKey,
      )
      const file = join(tenantDir(tenantId), 'heads', `${String(all.length).padStart(12, '0')}.json`)
      await writeFile(file, `${JSON.stringify(signed, null, 2)}\n`, { flag: 'wx' })
      return { signed, refused }
    },
    /** The run's latest anchored head with its inclusion proof in the latest signed tree. */
    prove: async (tenantId: string, runId: string): Promise<RunAnchor | undefined> => {
      const signedHead = await head(tenantId)
      if (!signedHead) return undefined
      const leaves = (await readLeaves(tenantId)).slice(0, signedHead.treeSize)
      const index = leaves.map((l) => l.runId).lastIndexOf(runId)
      if (index < 0) return undefined
      const hashes = leaves.map((l) => leafHash(leafOf(l)))
      return { leaf: leaves[index] as RunHead, index, proof: inclusionProof(index, hashes), signedHead }
    },
    /**
     * The proof that the tree of `to` leaves (the latest by default) extends the one of `from`
     * leaves (the first signed by default); undefined when either head was never signed.
     */
    consistency: async (tenantId: string, from?: number, to?: number) => {
      const sizes = await headSizes(tenantId)
      const [older, newer] = await Promise.all([
        head(tenantId, from ?? sizes[0] ?? 0),
        head(tenantId, to ?? sizes.at(-1) ?? 0),
      ])
      if (!older || !newer || older.treeSize > newer.treeSize) return undefined
      const leaves = (await readLeaves(tenantId)).slice(0, newer.treeSize)
      return {
        older,
        newer,
        proof: consistencyProof(
          older.treeSize,
          leaves.map((l) => leafHash(leafOf(l))),
        ),
      }
    },
  }
}

export type AnchorLog = ReturnType<typeof makeAnchorLog>
