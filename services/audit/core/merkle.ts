import { createHash } from 'node:crypto'

/**
 * An append-only Merkle tree as Certificate Transparency defines it (RFC 9162 §2.1): leaf hashes
 * `sha256(0x00 || leaf)`, node hashes `sha256(0x01 || left || right)`, inclusion and consistency
 * proofs. Hashes are hex strings.
 */
const hash = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest()
const LEAF = Buffer.from([0])
const NODE = Buffer.from([1])

export const leafHash = (leaf: string): string => hash(LEAF, Buffer.from(leaf, 'utf8')).toString('hex')
const node = (left: Buffer, right: Buffer) => hash(NODE, left, right)
const bytes = (hex: string) => Buffer.from(hex, 'hex')

/** The largest power of two smaller than n (n > 1). */
const split = (n: number) => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

const mth = (leaves: readonly Buffer[]): Buffer => {
  if (leaves.length === 0) return hash()
  if (leaves.length === 1) return leaves[0] as Buffer
  const k = split(leaves.length)
  return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}

/** The root of a tree over these leaf hashes. */
export const rootOf = (leafHashes: readonly string[]): string => mth(leafHashes.map(bytes)).toString('hex')

/**
 * A tree kept for appending (RFC 9162 §2.1.1): the hashes of its perfect subtrees, largest (leftmost)
 * first, one per bit set in `size`. Appending a leaf merges as many as `size` has trailing ones, so
 * it costs O(log n) hashes; the root folds them from the right.
 */
export interface Frontier {
  size: number
  nodes: readonly string[]
}

export const emptyFrontier: Frontier = { size: 0, nodes: [] }

/** The frontier with one more leaf; `frontier` is left as it was. */
export const appendLeaf = (frontier: Frontier, leafHash: string): Frontier => {
  const nodes = [...frontier.nodes]
  let merged = bytes(leafHash)
  for (let size = frontier.size; size % 2 === 1; size = Math.floor(size / 2))
    merged = node(bytes(nodes.pop() as string), merged)
  nodes.push(merged.toString('hex'))
  return { size: frontier.size + 1, nodes }
}

/** The frontier of a tree over these leaf hashes: `appendLeaf` over each, without a copy per leaf. */
export const frontierOf = (leafHashes: readonly string[]): Frontier => {
  const nodes: Buffer[] = []
  for (const [size, leaf] of leafHashes.entries()) {
    let merged = bytes(leaf)
    for (let s = size; s % 2 === 1; s = Math.floor(s / 2)) merged = node(nodes.pop() as Buffer, merged)
    nodes.push(merged)
  }
  return { size: leafHashes.length, nodes: nodes.map((b) => b.toString('hex')) }
}

/** The root of the tree a frontier keeps: `rootOf` of its leaves, in O(log n). */
export const frontierRoot = ({ nodes }: Frontier): string => {
  const last = nodes.at(-1)
  if (last === undefined) return hash().toString('hex')
  let root = bytes(last)
  for (let i = nodes.length - 2; i >= 0; i--) root = node(bytes(nodes[i] as string), root)
  return root.toString('hex')
}

const path = (m: number, leaves: readonly Buffer[]): Buffer[] => {
  if (leaves.length <= 1) return []
  const k = split(leaves.length)
  return m < k
    ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))]
}

/** The audit path of leaf `index` in a tree over these leaf hashes. */
export const inclusionProof = (index: number, leafHashes: readonly string[]): string[] =>
  path(index, leafHashes.map(bytes)).map((b) => b.toString('hex'))

/** Whether `leaf` is leaf `index` of the tree of `size` leaves with this root. */
export const verifyInclusion = (
  leaf: string,
  index: number,
  size: number,
  proof: readonly string[],
  root: string,
): boolean => {
  if (index < 0 || index >= size) return false
  let fn = index
  let sn = size - 1
  let r = bytes(leaf)
  for (const p of proof.map(bytes)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r)
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1]
    } else r = node(r, p)
    ;[fn, sn] = [fn >> 1, sn >> 1]
  }
  return sn === 0 && r.toString('hex') === root
}

const subproof = (m: number, leaves: readonly Buffer[], complete: boolean): Buffer[] => {
  const n = leaves.length
  if (m === n) return complete ? [] : [mth(leaves)]
  const k = split(n)
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), complete), mth(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))]
}

/** The proof that the tree of the first `m` leaves is a prefix of the tree over all of them. */
export const consistencyProof = (m: number, leafHashes: readonly string[]): string[] =>
  m === 0 || m > leafHashes.length
    ? []
    : subproof(m, leafHashes.map(bytes), true).map((b) => b.toString('hex'))

/** Whether the tree (`n`, `second`) extends the tree (`m`, `first`): nothing in the first was changed or removed. */
export const verifyConsistency = (
  m: number,
  n: number,
  first: string,
  second: string,
  proof: readonly string[],
): boolean => {
  if (m < 1 || m > n) return false
  if (m === n) return proof.length === 0 && first === second
  const isPow2 = (m & (m - 1)) === 0
  const c = (isPow2 ? [first, ...proof] : [...proof]).map(bytes)
  if (c.length === 0) return false
  let fn = m - 1
  let sn = n - 1
  while (fn % 2 === 1) [fn, sn] = [fn >> 1, sn >> 1]
  let fr = c[0] as Buffer
  let sr = c[0] as Buffer
  for (const p of c.slice(1)) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      fr = node(p, fr)
      sr = node(p, sr)
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1]
    } else sr = node(sr, p)
    ;[fn, sn] = [fn >> 1, sn >> 1]
  }
  return fr.toString('hex') === first && sr.toString('hex') === second && sn === 0
}
