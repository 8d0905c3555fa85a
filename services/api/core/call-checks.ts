import { callCommitmentsOf, type Envelope } from '#events'
import {
  type ModelCallRecord,
  modelCallDigest,
  type ToolCallRecord,
  toolCallDigest,
} from '#platform/store/index.ts'

/**
 * What the run view says of one call record against the chain (ADR 0019): `true` when its digest
 * is the one its step or plan event committed to, `false` (with the reason) when it differs or no
 * event commits to it though its step has ended, `null` when nothing can vouch for it yet (its step
 * is still running, or the run was logged before events committed to calls).
 */
export type CallCheck = { verified: true } | { verified: false | null; verification: string }

/** A call an event committed to that the records no longer hold. */
export interface MissingCall {
  kind: 'model' | 'tool'
  callId: string
  stepId: string
  seq: number
}

/**
 * Checks each call record the run view serves against the digests its events commit to, so edited
 * text is never served as if it were genuine. The same rule as the audit's `verify-calls`, per
 * record instead of first failure.
 */
export const checkCalls = (
  events: readonly Envelope[],
  models: readonly ModelCallRecord[],
  tools: readonly ToolCallRecord[],
  ended: boolean,
) => {
  const committed = new Map<string, { digest: string; seq: number; stepId: string }>()
  const closed = new Set<string>()
  for (const event of events) {
    const found = callCommitmentsOf(event)
    if (!found) continue
    closed.add(found.stepId)
    for (const call of found.calls)
      committed.set(`${call.kind}:${call.callId}`, {
        digest: call.digest,
        seq: event.meta.seq,
        stepId: found.stepId,
      })
  }
  const legacy = closed.size === 0
  const check = (kind: 'model' | 'tool', record: { callId: string; stepId: string }, digest: string) => {
    const commitment = committed.get(`${kind}:${record.callId}`)
    if (commitment)
      return commitment.digest === digest
        ? ({ verified: true } as const)
        : {
            verified: false as const,
            verification: `changed after event ${commitment.seq} committed to it (digest mismatch)`,
          }
    if (legacy)
      return { verified: null, verification: 'logged before events committed to call records' } as const
    if (ended || closed.has(record.stepId))
      return {
        verified: false as const,
        verification: 'committed by no event (added to the records after its step ended)',
      }
    return { verified: null, verification: 'its step has not ended: not committed yet' } as const
  }
  const modelChecks = models.map((r) => check('model', r, modelCallDigest(r)))
  const toolChecks = tools.map((r) => check('tool', r, toolCallDigest(r)))
  const held = new Set([...models.map((r) => `model:${r.callId}`), ...tools.map((r) => `tool:${r.callId}`)])
  const missing: MissingCall[] = [...committed.entries()]
    .filter(([key]) => !held.has(key))
    .map(([key, c]) => ({
      kind: key.startsWith('model:') ? 'model' : 'tool',
      callId: key.slice(key.indexOf(':') + 1),
      stepId: c.stepId,
      seq: c.seq,
    }))
  const all: CallCheck[] = [...modelChecks, ...toolChecks]
  return {
    models: modelChecks,
    tools: toolChecks,
    summary: {
      verified: all.filter((c) => c.verified === true).length,
      unverified: all.filter((c) => c.verified === false).length,
      uncommitted: all.filter((c) => c.verified === null).length,
      missing,
    },
  }
}
