import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiFailure, api, must, type RunEvent, type RunView } from '../api/client.ts'
import { ErrorNote, Time } from '../ui.tsx'

type Reason =
  | { kind: 'request' }
  | { kind: 'team'; team: string }
  | { kind: 'tool'; team: string; tool: string }

/** The pause a run waits in: why, and when it ends by itself (the data of its `ApprovalRequested`). */
export type Pause = { reasons: Reason[]; expiresAt: string; seq: number }

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** The last `ApprovalRequested` of a run that no `ApprovalDecided` followed, if any. */
export const pendingPause = (events: readonly RunEvent[]): Pause | undefined => {
  const last = events.findLast((event) => event.name === 'ApprovalRequested')
  if (!last || events.some((event) => event.name === 'ApprovalDecided' && event.seq > last.seq)) return
  const data = isRecord(last.data) ? last.data : {}
  const reasons = Array.isArray(data.reasons) ? (data.reasons.filter(isRecord) as Reason[]) : []
  return { reasons, expiresAt: typeof data.expiresAt === 'string' ? data.expiresAt : '', seq: last.seq }
}

/** One line per reason, worded as the API's event catalogue words it. */
export const describeReason = (reason: Reason) =>
  reason.kind === 'request'
    ? 'the request asked for approval of its plan'
    : reason.kind === 'team'
      ? `team ${reason.team} requires approval`
      : `tool ${reason.tool} (of team ${reason.team}) requires approval`

type Decision = { decision: 'approve' | 'reject'; reason?: string; plan?: Record<string, unknown> }

/**
 * A run that waits for approval: the reasons and the expiry, then approve, reject with a reason, or approve an
 * edited plan (JSON, checked by the API: its `plan.invalid` problems are listed beside the editor). The run view
 * follows the decision live over SSE.
 */
export const ApprovalPanel = ({ run, pause }: { run: RunView; pause: Pause }) => {
  const [mode, setMode] = useState<'choose' | 'reject' | 'edit'>('choose')
  const [reason, setReason] = useState('')
  const [planText, setPlanText] = useState(() => JSON.stringify(run.plan ?? {}, null, 2))
  const [problems, setProblems] = useState<string[]>([])
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const [sent, setSent] = useState<string>()
  // The form that opens takes the focus, so a keyboard user goes on typing where the button was.
  const field = useRef<HTMLTextAreaElement>(null)
  useEffect(() => {
    if (mode !== 'choose') field.current?.focus()
  }, [mode])

  const decide = async (body: Decision) => {
    setBusy(true)
    setError(undefined)
    setProblems([])
    try {
      const answer = await must(
        api.POST('/runs/{runId}/approval', { params: { path: { runId: run.runId } }, body }),
      )
      setSent(`${answer.decision}${answer.edited ? ' (edited plan)' : ''} recorded; the run goes on…`)
    } catch (failure) {
      if (failure instanceof ApiFailure && failure.code === 'plan.invalid' && failure.problems.length > 0)
        setProblems(failure.problems)
      setError(failure)
    } finally {
      setBusy(false)
    }
  }
  const reject = (event: FormEvent) => {
    event.preventDefault()
    void decide({ decision: 'reject', reason: reason.trim() })
  }
  const approveEdited = (event: FormEvent) => {
    event.preventDefault()
    let plan: unknown
    try {
      plan = JSON.parse(planText)
    } catch (failure) {
      setProblems([])
      setError(new Error(`the plan is not JSON: ${failure instanceof Error ? failure.message : failure}`))
      return
    }
    if (!isRecord(plan) || Array.isArray(plan)) {
      setError(new Error('the plan must be a JSON object { goal, steps }'))
      return
    }
    void decide({ decision: 'approve', plan })
  }

  return (
    <section className="panel approval" aria-labelledby="approval-heading" data-testid="approval-panel">
      <h2 id="approval-heading">Waiting for approval</h2>
      <p>Nothing runs until someone decides. The plan waits because:</p>
      <ul data-testid="approval-reasons">
        {pause.reasons.map((r) => (
          <li key={JSON.stringify(r)}>{describeReason(r)}</li>
        ))}
      </ul>
      {pause.expiresAt ? (
        <p>
          Without a decision it ends (<code>approval.timedOut</code>) at{' '}
          <strong data-testid="approval-expires">
            <Time at={pause.expiresAt} />
          </strong>
          .
        </p>
      ) : null}
      {sent ? (
        <p aria-live="polite" data-testid="approval-sent">
          {sent}
        </p>
      ) : mode === 'choose' ? (
        <div className="approval-actions">
          <button type="button" disabled={busy} onClick={() => void decide({ decision: 'approve' })}>
            Approve plan
          </button>{' '}
          <button type="button" onClick={() => setMode('edit')}>
            Edit plan…
          </button>{' '}
          <button type="button" className="danger" onClick={() => setMode('reject')}>
            Reject…
          </button>
        </div>
      ) : mode === 'reject' ? (
        <form onSubmit={reject} className="approval-form">
          <label htmlFor="reject-reason">Reason for rejecting (recorded in the run's failure)</label>
          <textarea
            id="reject-reason"
            ref={field}
            rows={2}
            maxLength={1000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <div>
            <button type="submit" className="danger" disabled={busy || reason.trim() === ''}>
              Reject plan
            </button>{' '}
            <button type="button" onClick={() => setMode('choose')}>
              Back
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={approveEdited} className="approval-form">
          <label htmlFor="plan-editor">
            Plan as JSON: {'{ goal, steps: [{ id, team, instruction, dependsOn }] }'}
          </label>
          <textarea
            id="plan-editor"
            ref={field}
            className="plan-editor"
            rows={16}
            spellCheck={false}
            value={planText}
            aria-invalid={problems.length > 0}
            aria-describedby={problems.length > 0 ? 'plan-problems' : undefined}
            onChange={(e) => setPlanText(e.target.value)}
          />
          {problems.length > 0 ? (
            <ul id="plan-problems" className="error" data-testid="plan-problems">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : null}
          <div>
            <button type="submit" disabled={busy}>
              Approve edited plan
            </button>{' '}
            <button type="button" onClick={() => setMode('choose')}>
              Back
            </button>
          </div>
        </form>
      )}
      <ErrorNote error={error} />
    </section>
  )
}

const DECIDED = { approve: 'approved', reject: 'rejected', timeout: 'timed out' } as Record<string, string>

/** The decision on a run's approval as one line (who, when, how), from its last `ApprovalDecided`. */
export const ApprovalDecisionNote = ({ events }: { events: readonly RunEvent[] }) => {
  const decided = events.findLast((event) => event.name === 'ApprovalDecided')
  if (!decided) return null
  const data = isRecord(decided.data) ? decided.data : {}
  const decision = typeof data.decision === 'string' ? data.decision : 'decided'
  const by = decided.actor ? `${decided.actor.kind}:${decided.actor.id}` : 'unknown'
  return (
    <span data-testid="approval-decision">
      {DECIDED[decision] ?? decision} {data.plan ? '(edited plan) ' : ''}by {by} at{' '}
      <Time at={decided.occurredAt} />
      {typeof data.reason === 'string' ? `: ${data.reason}` : ''}
    </span>
  )
}
