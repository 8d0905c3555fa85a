import { describe, expect, it } from 'vitest'
import {
  appendLeaf,
  consistencyProof,
  emptyFrontier,
  frontierOf,
  frontierRoot,
  inclusionProof,
  leafHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts'

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`run-${i}`))

describe('Merkle tree (RFC 9162)', () => {
  it('proves every leaf of trees of 1 to 17 leaves, and refuses a wrong leaf, index or root', () => {
    for (let n = 1; n <= 17; n++) {
      const all = leaves(n)
      const root = rootOf(all)
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(i, all)
        expect(verifyInclusion(all[i] as string, i, n, proof, root)).toBe(true)
        expect(verifyInclusion(leafHash('forged'), i, n, proof, root)).toBe(false)
        if (n > 1) expect(verifyInclusion(all[i] as string, (i + 1) % n, n, proof, root)).toBe(false)
        expect(verifyInclusion(all[i] as string, i, n, proof, rootOf(leaves(n + 1)))).toBe(false)
      }
    }
  })

  it('proves that every newer tree extends every older one of 1 to 17 leaves', () => {
    for (let n = 1; n <= 17; n++)
      for (let m = 1; m <= n; m++) {
        const all = leaves(n)
        const proof = consistencyProof(m, all)
        expect(verifyConsistency(m, n, rootOf(all.slice(0, m)), rootOf(all), proof)).toBe(true)
      }
  })

  it('refuses consistency when an old leaf was rewritten', () => {
    for (let n = 2; n <= 17; n++)
      for (let m = 1; m < n; m++) {
        const all = leaves(n)
        const rewritten = [...all]
        rewritten[m - 1] = leafHash('rewritten')
        const proof = consistencyProof(m, rewritten)
        expect(verifyConsistency(m, n, rootOf(all.slice(0, m)), rootOf(rewritten), proof)).toBe(false)
      }
  })

  it('folds the root of every tree of 0 to 600 leaves from its frontier, as rootOf computes it, built leaf by leaf or at once', () => {
    const all = leaves(600)
    let frontier = emptyFrontier
    for (let n = 0; n <= all.length; n++) {
      expect(frontier.size).toBe(n)
      // One node per perfect subtree: one per bit set in n.
      expect(frontier.nodes.length).toBe(n.toString(2).replaceAll('0', '').length)
      expect(frontierRoot(frontier)).toBe(rootOf(all.slice(0, n)))
      expect(frontierOf(all.slice(0, n))).toEqual(frontier)
      if (n < all.length) frontier = appendLeaf(frontier, all[n] as string)
    }
  })

  it('leaves a frontier unchanged when a leaf is appended to it', () => {
    const seven = leaves(7).reduce(appendLeaf, emptyFrontier)
    const nodes = [...seven.nodes]
    appendLeaf(seven, leafHash('eighth'))
    expect(seven).toEqual({ size: 7, nodes })
  })
})
