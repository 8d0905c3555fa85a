import { canonicalJson } from '#events'
import type { RunHead } from './anchor-store.ts'
import { appendLeaf, type Frontier, frontierOf, frontierRoot, leafHash } from './merkle.ts'
import type { SignedHead } from './signed-head.ts'

/** A leaf of the tenant's tree: the canonical JSON of a run head. */
export const leafOf = (h: RunHead) =>
  canonicalJson({ tenantId: h.tenantId, runId: h.runId, length: h.length, head: h.head })

/**
 * What the anchor path keeps of a tenant's tree between anchors: the latest leaf of each run (what
 * a run is compared with) and the frontier (what the next root is folded from), so anchoring a
 * run reads no leaves and hashes O(log n) nodes.
 */
export interface AnchorTree {
  /** Changed in place, by the anchor that published the leaves it adds. */
  latest: Map<string, RunHead>
  frontier: Frontier
  rootHash: string
}

/** The frontier with these leaves appended, and its root: O(k log n) for k leaves, nothing changed. */
export const grow = (frontier: Frontier, added: readonly RunHead[]) => {
  let grown = frontier
  for (const leaf of added) grown = appendLeaf(grown, leafHash(leafOf(leaf)))
  return { frontier: grown, rootHash: frontierRoot(grown) }
}

/** The tree over these leaves, in order: one pass, O(n). */
export const treeOf = (leaves: readonly RunHead[]): AnchorTree => {
  const latest = new Map(leaves.map((l) => [l.runId, l]))
  const frontier = frontierOf(leaves.map((l) => leafHash(leafOf(l))))
  return { latest, frontier, rootHash: frontierRoot(frontier) }
}

/** Whether `head` signs exactly this tree: same size, same root. */
export const isSignedBy = (tree: AnchorTree, head: SignedHead | undefined) =>
  head !== undefined && head.treeSize === tree.frontier.size && head.rootHash === tree.rootHash
