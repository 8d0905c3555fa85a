import { callCommitmentsOf, type Envelope } from '#events'
import {
  type ModelCallRecord,
  modelCallDigest,
  type ToolCallRecord,
  toolCallDigest,
} from '#platform/store/index.ts'

/** A call record an audit names: which kind, which call, of which step. */
export interface NamedRecord {
  kind: 'model' | 'tool'
  callId: string
  stepId: string
}

export type CallsVerdict =
  | { ok: true; committed: number; legacy: boolean }
  | { ok: false; seq: number; problem: string; record: NamedRecord }

/**
 * Checks the run's model and tool call records against the digests its events commit to: a record
 * changed after its step ended fails its digest, a committed record that is gone is missing, and a
 * record no event commits to was added. Each break names the record and the committing event's seq.
 * A run logged before events carried commitments (`legacy`) has records nothing can vouch for; a
 * record of a step still running is not committed yet (unless the run has ended).
 */
export const verifyCalls = (
  events: readonly Envelope[],
  modelCalls: readonly ModelCallRecord[],
  toolCalls: readonly ToolCallRecord[],
  finished: boolean,
): CallsVerdict => {
  const records = new Map<string, { record: NamedRecord; digest: string }>()
  for (const r of modelCalls)
    records.set(`model:${r.callId}`, {
      record: { kind: 'model', callId: r.callId, stepId: r.stepId },
      digest: modelCallDigest(r),
    })
  for (const r of toolCalls)
    records.set(`tool:${r.callId}`, {
      record: { kind: 'tool', callId: r.callId, stepId: r.stepId },
      digest: toolCallDigest(r),
    })

  const committed = new Set<string>()
  const closedSteps = new Set<string>()
  let bearing = 0
  let lastSeq = 0
  for (const event of events) {
    lastSeq = event.meta.seq
    const { stepId, calls } = callCommitmentsOf(event) ?? {}
    if (!calls || !stepId) continue
    bearing++
    closedSteps.add(stepId)
    for (const call of calls) {
      const key = `${call.kind}:${call.callId}`
      committed.add(key)
      const found = records.get(key)
      const seq = event.meta.seq
      if (!found)
        return {
          ok: false,
          seq,
          problem: `${call.kind} call ${call.callId} committed by event ${seq} is missing`,
          record: { kind: call.kind, callId: call.callId, stepId },
        }
      if (found.digest !== call.digest)
        return {
          ok: false,
          seq,
          problem: `${call.kind} call ${call.callId} of step "${found.record.stepId}" was changed after event ${seq} committed to it (digest mismatch)`,
          record: found.record,
        }
    }
  }
  if (bearing === 0) return { ok: true, committed: 0, legacy: records.size > 0 }
  for (const [key, { record }] of records)
    if (!committed.has(key) && (finished || closedSteps.has(record.stepId)))
      return {
        ok: false,
        seq: lastSeq,
        problem: `${record.kind} call ${record.callId} of step "${record.stepId}" is committed by no event (added to the records)`,
        record,
      }
  return { ok: true, committed: committed.size, legacy: false }
}
