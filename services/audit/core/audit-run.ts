import { type Envelope, parseEvent } from '#events'
import type { ChainLink, ModelCallRecord, ToolCallRecord } from '#platform/store/index.ts'
import { rederive } from './rederive.ts'
import { type AuditReport, type AuditVerdict, buildReport } from './report.ts'
import { verifyChain } from './verify-chain.ts'

/**
 * Audits a run from its records alone: the hash chain first (a break is the verdict, at its
 * seq), then the re-derivation of every supervisor transition from the logged events.
 */
export const auditRecords = async (input: {
  tenantId: string
  runId: string
  links: readonly ChainLink[]
  modelCalls: readonly ModelCallRecord[]
  toolCalls: readonly ToolCallRecord[]
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
  if (verdict.verdict === 'match') verdict = await rederive(events)
  return buildReport({ ...input, verdict, chain, events })
}

const safeParse = (body: string): Envelope | undefined => {
  try {
    const result = parseEvent(JSON.parse(body))
    return result.success ? result.event : undefined
  } catch {
    return undefined
  }
}
