import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { isChorusError } from '#platform/errors/index.ts'
import { loadOrCreateKey, makeEd25519Signer } from '../adapters/ed25519-signer.ts'
import { makeFileAnchorStore } from '../adapters/file-anchor-store.ts'
import { leafOf, makeAnchorLog } from './anchor-log.ts'
import type { AnchorStore } from './anchor-store.ts'
import type { HeadSigner } from './head-signer.ts'
import { leafHash, rootOf } from './merkle.ts'
import { headDigest } from './signed-head.ts'
import { verifyHeadsConsistent, verifySignedLeaf } from './verify-anchor.ts'

const TENANT = 'acme'
const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `chorus-${name}-`))

/** A run's head after `length` events; `version` stands for a log rewritten under the same run id. */
const run = (runId: string, length: number, version = 1) => {
  const hashes = Array.from({ length }, (_, i) => leafHash(`${runId}#${version}#${i + 1}`))
  return { tenantId: TENANT, runId, length, head: hashes.at(-1) as string, hashes }
}

/** The file store, counting its leaf reads: the reads the anchor path must not make when warm. */
const countingStore = (dir: string) => {
  const store = makeFileAnchorStore({ dir })
  const counted = { reads: 0 }
  const counting: AnchorStore = {
    ...store,
    leaves: (tenantId) => {
      counted.reads++
      return store.leaves(tenantId)
    },
  }
  return { store: counting, counted }
}

/** Batches of run ends: new runs, runs whose logs grew, a rewritten log, nothing new, another tenant. */
const batches = (): ReturnType<typeof run>[][] => {
  const out: ReturnType<typeof run>[][] = []
  for (let b = 0; b < 40; b++) {
    const batch = Array.from({ length: (b % 4) + 1 }, (_, i) => run(`run-${b}-${i}`, 3 + i))
    if (b % 5 === 4) batch.push(run(`run-${b - 2}-0`, 6)) // its log grew after it was anchored
    if (b === 17) batch.push(run('run-9-0', 8, 2)) // rewritten: refused
    if (b === 23) batch.push({ ...run('other', 2), tenantId: 'other' }) // another tenant's: skipped
    out.push(b === 30 ? [run('run-29-0', 3)] : batch) // 30: nothing changed
  }
  return out
}

describe('anchor log: the tree kept between anchors', () => {
  let signer: HeadSigner
  let publicKey: string

  beforeAll(async () => {
    const key = await loadOrCreateKey(tempDir('anchor-key'))
    signer = makeEd25519Signer(key)
    publicKey = key.publicKey
  })

  it('signs the same heads and proves the same leaves warm as a fresh process per anchor does', async () => {
    const warm = countingStore(tempDir('warm'))
    const warmLog = makeAnchorLog({ store: warm.store, signer })
    const coldDir = tempDir('cold')

    for (const [b, batch] of batches().entries()) {
      const now = new Date(Date.UTC(2026, 0, 1, 0, b))
      const fromWarm = await warmLog.anchor(TENANT, batch, now)
      const coldLog = makeAnchorLog({ store: makeFileAnchorStore({ dir: coldDir }), signer })
      const fromCold = await coldLog.anchor(TENANT, batch, now)
      expect(fromWarm).toEqual(fromCold)
      expect(warmLog.kept(TENANT)).toEqual({
        treeSize: fromWarm.signed.treeSize,
        rootHash: fromWarm.signed.rootHash,
      })
    }

    // Warm, the tenant's leaves were read once: by the first anchor.
    expect(warm.counted.reads).toBe(1)
    const leaves = await warm.store.leaves(TENANT)
    const latest = await warm.store.head(TENANT)
    expect(latest?.treeSize).toBe(leaves.length)
    expect(latest?.rootHash).toBe(rootOf(leaves.map((l) => leafHash(leafOf(l)))))
    expect(leaves.filter((l) => l.runId === 'run-9-0')).toHaveLength(1) // the rewritten log was refused
    expect(leaves.some((l) => l.tenantId !== TENANT)).toBe(false)

    const coldLog = makeAnchorLog({ store: makeFileAnchorStore({ dir: coldDir }) })
    for (const runId of new Set(leaves.map((l) => l.runId))) {
      const proof = await warmLog.prove(TENANT, runId)
      expect(proof).toEqual(await coldLog.prove(TENANT, runId))
      expect(verifySignedLeaf(proof as never, publicKey, { tenantId: TENANT, runId })).toEqual({ ok: true })
    }
  })

  it('rebuilds its tree when another process signed a head meanwhile, and extends that head', async () => {
    const dir = tempDir('two-writers')
    const mine = countingStore(dir)
    const log = makeAnchorLog({ store: mine.store, signer })
    const other = makeAnchorLog({ store: makeFileAnchorStore({ dir }), signer })
    await log.anchor(TENANT, [run('a', 3)])
    await log.anchor(TENANT, [run('b', 3)])
    expect(mine.counted.reads).toBe(1)

    // Two leaves: a kept tree of 2 would sign a head of 3 that no conflict refuses, a fork.
    const { signed: theirs } = await other.anchor(TENANT, [run('c', 3), run('d', 3)])
    const { signed: next } = await log.anchor(TENANT, [run('e', 3)])

    expect(mine.counted.reads).toBe(2)
    expect(next.treeSize).toBe(5)
    expect(next.previous).toBe(headDigest(theirs))
    const leaves = await mine.store.leaves(TENANT)
    expect(leaves.map((l) => l.runId)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(next.rootHash).toBe(rootOf(leaves.map((l) => leafHash(leafOf(l)))))
    const proof = await log.consistency(TENANT, 2, 5)
    expect(verifyHeadsConsistent(proof?.older as never, next, proof?.proof ?? [], publicKey)).toEqual({
      ok: true,
    })
    // A run the other process anchored is known to this one after the rebuild: unchanged, not re-added.
    const { signed: same } = await log.anchor(TENANT, [run('c', 3)])
    expect(same).toEqual(next)
  })

  it('drops its tree when another process took the head size it was publishing', async () => {
    const dir = tempDir('conflict')
    const other = makeAnchorLog({ store: makeFileAnchorStore({ dir }), signer })
    let race: (() => Promise<unknown>) | undefined
    // Signs as the key does; once armed, the other process publishes while this one signs.
    const racingSigner: HeadSigner = {
      publicKey: () => signer.publicKey(),
      sign: async (message) => {
        const racing = race
        race = undefined
        await racing?.()
        return signer.sign(message)
      },
    }
    const log = makeAnchorLog({ store: makeFileAnchorStore({ dir }), signer: racingSigner })
    await log.anchor(TENANT, [run('a', 3)])
    expect(log.kept(TENANT)?.treeSize).toBe(1)

    race = () => other.anchor(TENANT, [run('b', 3)])
    const failed = await log.anchor(TENANT, [run('c', 3)]).catch((error: unknown) => error)

    expect(isChorusError(failed) && failed.code).toBe('anchor.conflict')
    expect(log.kept(TENANT)).toBeUndefined()
    const { signed } = await log.anchor(TENANT, [run('d', 3)])
    const leaves = await makeFileAnchorStore({ dir }).leaves(TENANT)
    expect(signed.treeSize).toBe(leaves.length)
    expect(signed.rootHash).toBe(rootOf(leaves.map((l) => leafHash(leafOf(l)))))
    expect(signed.previous).toBe(headDigest((await other.head(TENANT, 2)) as never))
    expect(log.kept(TENANT)).toEqual({ treeSize: signed.treeSize, rootHash: signed.rootHash })
  })
})
