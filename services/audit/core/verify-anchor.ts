import type { ChainLink } from '#platform/store/index.ts'
import { leafOf, type RunAnchor } from './anchor-log.ts'
import { leafHash, verifyConsistency, verifyInclusion } from './merkle.ts'
import { type SignedHead, verifyHeadSignature } from './signed-head.ts'

export type AnchorVerdict =
  | { ok: true; treeSize: number; anchoredLength: number }
  | { ok: false; kind: 'unverified'; problem: string }
  | { ok: false; kind: 'diverged'; seq: number; problem: string }

/**
 * Checks that a run's anchored leaf is in a tree head signed by the holder of the public key: the
 * head's signature, the leaf naming this run and tenant, and its inclusion proof. Needs no log.
 */
export const verifySignedLeaf = (
  { leaf, index, proof, signedHead }: RunAnchor,
  publicKey: string,
  expected: { tenantId: string; runId: string },
): { ok: true } | { ok: false; kind: 'unverified'; problem: string } => {
  if (!verifyHeadSignature(signedHead, publicKey))
    return { ok: false, kind: 'unverified', problem: 'the signed head does not verify with the public key' }
  if (
    leaf.tenantId !== expected.tenantId ||
    leaf.runId !== expected.runId ||
    signedHead.tenantId !== expected.tenantId
  )
    return { ok: false, kind: 'unverified', problem: 'the anchor is for another run or tenant' }
  if (!verifyInclusion(leafHash(leafOf(leaf)), index, signedHead.treeSize, proof, signedHead.rootHash))
    return {
      ok: false,
      kind: 'unverified',
      problem: 'the run head is not in the signed tree (inclusion proof fails)',
    }
  return { ok: true }
}

/**
 * Checks a run's stored log against its anchored head: the signed tree head must verify with the
 * public key, the run's leaf must be in that tree (inclusion proof), and the log must still hold
 * the anchored head at the anchored length. A log rewritten with every later hash recomputed, or
 * cut below the anchored length, fails here even though its own chain is intact.
 */
export const verifyAnchor = (
  links: readonly ChainLink[],
  anchor: RunAnchor,
  publicKey: string,
  expected: { tenantId: string; runId: string },
): AnchorVerdict => {
  const signed = verifySignedLeaf(anchor, publicKey, expected)
  if (!signed.ok) return signed
  const { leaf, signedHead } = anchor
  if (links.length < leaf.length)
    return {
      ok: false,
      kind: 'diverged',
      seq: links.length + 1,
      problem: `the log ends at seq ${links.length}, but ${leaf.length} events were anchored (cut after seq ${links.length})`,
    }
  if (links[leaf.length - 1]?.hash !== leaf.head)
    return {
      ok: false,
      kind: 'diverged',
      seq: leaf.length,
      problem: `the log differs from its anchored head at seq ${leaf.length}: rewritten at or before it (hashes recomputed)`,
    }
  return { ok: true, treeSize: signedHead.treeSize, anchoredLength: leaf.length }
}

/** Whether `newer` extends `older`: both signed by the key, and the consistency proof holds. */
export const verifyHeadsConsistent = (
  older: SignedHead,
  newer: SignedHead,
  proof: readonly string[],
  publicKey: string,
): { ok: true } | { ok: false; problem: string } => {
  if (!verifyHeadSignature(older, publicKey) || !verifyHeadSignature(newer, publicKey))
    return { ok: false, problem: 'a signed head does not verify with the public key' }
  if (older.tenantId !== newer.tenantId) return { ok: false, problem: 'the heads are of two tenants' }
  if (!verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, proof))
    return {
      ok: false,
      problem: `the tree of ${newer.treeSize} does not extend the tree of ${older.treeSize} (history rewritten)`,
    }
  return { ok: true }
}
