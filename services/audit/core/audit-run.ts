import { type Envelope, parseEvent } from '#events'
import type { ChainLink, ModelCallRecord, ToolCallRecord } from '#platform/store/index.ts'
import type { RunAnchor } from './anchor-log.ts'
import { rederive } from './rederive.ts'
import { type RunLogs, rederiveDoubleTexting } from './rederive-double-texting.ts'
import { type AuditReport, type AuditVerdict, buildReport } from './report.ts'
import { type AnchorVerdict, verifyAnchor } from './verify-anchor.ts'
import { verifyCalls } from './verify-calls.ts'
import { verifyChain } from './verify-chain.ts'
import { type RunEnd, verifyEnd } from './verify-end.ts'

/**
 * Audits a run from its records alone: the hash chain first (a break is the verdict, at its
 * seq), then the end of the run (the run record and the log must agree; a cut log is named), the
 * call records against the digests the events commit to, the re-derivation of every supervisor
 * transition from the logged events, and last its double-texting decisions against the logs of the
 * runs they name (given `runLogs`). A run that has not ended is `in_progress`.
 */
export const auditRecords = async (input: {
  tenantId: string
  runId: string
  links: readonly ChainLink[]
  modelCalls: readonly ModelCallRecord[]
  toolCalls: readonly ToolCallRecord[]
  /** The run record's status and terminal event; absent in a bundle without one. */
  run?: RunEnd
  /** The run's anchored head and the public key to check it with; without it the log vouches for itself. */
  anchor?: { runAnchor: RunAnchor | undefined; publicKey: string }
  /** The tenant's other runs' logs, for the double-texting decisions (ADR 0029); unchecked without. */
  runLogs?: RunLogs
}): Promise<AuditReport> => {
  const chain = verifyChain(input.links)
  const events: Envelope[] = []
  let verdict: AuditVerdict = chain.ok
    ? { verdict: 'match' }
    : { verdict: 'diverged', seq: chain.seq, difference: chain.problem }
  for (const link of input.links) {
    const parsed = safeParse(link.body)
    if (parsed) events.push(parsed)
    else if (verdict.verdict === 'match')
      verdict = {
        verdict: 'diverged',
        seq: link.seq,
        difference: `event ${link.seq} does not parse as a Chorus event`,
      }
  }
  const anchored: AnchorVerdict | undefined = !input.anchor
    ? undefined
    : input.anchor.runAnchor
      ? verifyAnchor(input.links, input.anchor.runAnchor, input.anchor.publicKey, input)
      : { ok: false, kind: 'unverified', problem: 'the run is in no signed head yet (not anchored)' }
  if (verdict.verdict === 'match' && anchored && !anchored.ok && anchored.kind === 'diverged')
    verdict = { verdict: 'diverged', seq: anchored.seq, difference: anchored.problem }
  const end = verifyEnd(events, input.run)
  if (verdict.verdict === 'match' && !end.ok)
    verdict = { verdict: 'diverged', seq: end.seq, difference: end.problem }
  const finished = end.ok && end.finished
  const calls = verifyCalls(events, input.modelCalls, input.toolCalls, finished)
  if (verdict.verdict === 'match' && !calls.ok)
    verdict = { verdict: 'diverged', seq: calls.seq, difference: calls.problem, record: calls.record }
  if (verdict.verdict === 'match') verdict = await rederive(events)
  const chat =
    verdict.verdict === 'match' && input.runLogs && (await rederiveDoubleTexting(events, input.runLogs))
  if (chat) verdict = { verdict: 'diverged', seq: chat.seq, difference: chat.problem }
  if (verdict.verdict === 'match' && !finished)
    verdict = { verdict: 'in_progress', seq: events.at(-1)?.meta.seq ?? 0 }
  const report = buildReport({ ...input, verdict, chain, events })
  const proof = input.anchor?.runAnchor
  return anchored ? { ...report, anchor: anchored, ...(proof ? { anchorProof: proof } : {}) } : report
}

const safeParse = (body: string): Envelope | undefined => {
  try {
    const result = parseEvent(JSON.parse(body))
    return result.success ? result.event : undefined
  } catch {
    return undefined
  }
}
