import { ChorusError } from '#platform/errors/index.ts'
import type { AnchorStore, RunHead } from './anchor-store.ts'
import { type AnchorTree, grow, isSignedBy, leafOf, treeOf } from './anchor-tree.ts'
import type { HeadSigner } from './head-signer.ts'
import { consistencyProof, inclusionProof, leafHash } from './merkle.ts'
import { headDigest, type SignedHead, signHead } from './signed-head.ts'

export type { RunHead } from './anchor-store.ts'
export { leafOf } from './anchor-tree.ts'

/** What a run's audit checks against: its latest anchored head, where it sits in the tree, the signed head. */
export interface RunAnchor {
  leaf: RunHead
  index: number
  proof: string[]
  signedHead: SignedHead
}

/**
 * A tenant's append-only anchor log (CloudTrail-style digest files over a Certificate Transparency
 * tree): leaves and signed heads kept by `store`, each head signed by `signer` and naming the
 * digest of the one before it. Without a signer the log only reads and proves (API functions on AWS).
 *
 * Anchoring keeps each tenant's tree in the process (`AnchorTree`: the latest leaf per run and the
 * frontier), so a run end costs one read of the latest head and O(log n) hashes, not a read of every
 * leaf. Other writers (another Lambda, the process before a restart) are why it is trusted only while
 * the store's latest head signs it: any other head, and it is rebuilt from the store's leaves. A
 * failed publish (`anchor.conflict` among others) drops it.
 */
export const makeAnchorLog = ({ store, signer }: { store: AnchorStore; signer?: HeadSigner }) => {
  const trees = new Map<string, AnchorTree>()
  /** The tenant's tree as `latest` signs it: the kept one if it does, else rebuilt from the leaves. */
  const treeFor = async (tenantId: string, latest: SignedHead | undefined) => {
    const kept = trees.get(tenantId)
    if (kept && isSignedBy(kept, latest)) return kept
    const rebuilt = treeOf(await store.leaves(tenantId))
    trees.set(tenantId, rebuilt)
    return rebuilt
  }

  return {
    /** Whether this log signs new heads (else anchoring happens elsewhere). */
    signs: signer !== undefined,
    /** The latest signed head, or one of a given size. */
    head: (tenantId: string, size?: number) => store.head(tenantId, size),
    /** The tree sizes of the tenant's signed heads, smallest first. */
    sizes: (tenantId: string) => store.sizes(tenantId),
    /**
     * The size and root of the tree this process keeps for the tenant's next anchor, or undefined
     * when it keeps none (never anchored here, or dropped after a failed publish).
     */
    kept: (tenantId: string) => {
      const tree = trees.get(tenantId)
      return tree && { treeSize: tree.frontier.size, rootHash: tree.rootHash }
    },
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
      if (!signer) throw new ChorusError('anchor.failed', 'anchoring needs a head signer')
      const previous = await store.head(tenantId)
      const tree = await treeFor(tenantId, previous)
      const refused: { runId: string; seq: number }[] = []
      const added: RunHead[] = []
      for (const { hashes, ...run } of runs) {
        const before = tree.latest.get(run.runId)
        if (run.tenantId !== tenantId || (before && leafOf(before) === leafOf(run))) continue
        if (before && hashes[before.length - 1] !== before.head)
          refused.push({ runId: run.runId, seq: before.length })
        else added.push(run)
      }
      if (added.length === 0 && previous) return { signed: previous, refused }
      const { frontier, rootHash } = grow(tree.frontier, added)
      const signed = await signHead(
        {
          format: 'chorus.signed-head/1',
          tenantId,
          treeSize: frontier.size,
          rootHash,
          previous: previous ? headDigest(previous) : null,
          signedAt: now.toISOString(),
        },
        signer,
      )
      try {
        await store.publish(tenantId, { leaves: added, head: signed })
      } catch (error) {
        // Another writer took this size, or the batch is half written: the next anchor rebuilds.
        trees.delete(tenantId)
        throw error
      }
      // Kept only if no other anchor of this process replaced or dropped the tree meanwhile.
      if (trees.get(tenantId) === tree) {
        for (const run of added) tree.latest.set(run.runId, run)
        trees.set(tenantId, { latest: tree.latest, frontier, rootHash })
      } else trees.delete(tenantId)
      return { signed, refused }
    },
    /** The run's latest anchored head with its inclusion proof in the latest signed tree. */
    prove: async (tenantId: string, runId: string): Promise<RunAnchor | undefined> => {
      const signedHead = await store.head(tenantId)
      if (!signedHead) return undefined
      const leaves = (await store.leaves(tenantId)).slice(0, signedHead.treeSize)
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
      // The sizes are listed only to find a default.
      const sizes = from === undefined || to === undefined ? await store.sizes(tenantId) : []
      const [older, newer] = await Promise.all([
        store.head(tenantId, from ?? sizes[0] ?? 0),
        store.head(tenantId, to ?? sizes.at(-1) ?? 0),
      ])
      if (!older || !newer || older.treeSize > newer.treeSize) return undefined
      const leaves = (await store.leaves(tenantId)).slice(0, newer.treeSize)
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
