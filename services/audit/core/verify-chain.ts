import { chainHash, GENESIS_HASH } from '#events'
import type { ChainLink } from '#platform/store/index.ts'

export type ChainVerdict =
  | { ok: true; head: string; length: number }
  | { ok: false; seq: number; problem: string }

/**
 * Verifies a run's stored log: seq 1..n without gaps, each link pointing at the hash before it,
 * and each hash recomputed from the stored body. The first break is located by its seq: a changed
 * event fails its own hash, a removed one leaves a gap, a reordered or inserted one breaks a link.
 */
export const verifyChain = (links: readonly ChainLink[]): ChainVerdict => {
  let previous = GENESIS_HASH
  for (const [index, link] of links.entries()) {
    const expectedSeq = index + 1
    if (link.seq !== expectedSeq)
      return {
        ok: false,
        seq: expectedSeq,
        problem: `event ${expectedSeq} is missing (found seq ${link.seq} next)`,
      }
    if (link.prevHash !== previous)
      return {
        ok: false,
        seq: link.seq,
        problem: `event ${link.seq} does not follow event ${link.seq - 1} (broken link)`,
      }
    let body: { meta?: unknown; data?: unknown }
    try {
      body = JSON.parse(link.body) as { meta?: unknown; data?: unknown }
    } catch {
      return { ok: false, seq: link.seq, problem: `event ${link.seq} is not valid JSON any more` }
    }
    const recomputed = chainHash(previous, { meta: body.meta, data: body.data })
    if (recomputed !== link.hash)
      return {
        ok: false,
        seq: link.seq,
        problem: `event ${link.seq} was changed after it was logged (hash mismatch)`,
      }
    const meta = body.meta as { seq?: unknown } | undefined
    if (meta?.seq !== link.seq)
      return { ok: false, seq: link.seq, problem: `event ${link.seq} claims seq ${String(meta?.seq)}` }
    previous = link.hash
  }
  return { ok: true, head: previous, length: links.length }
}
