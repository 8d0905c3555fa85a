import { useState } from 'react'
import { type AuditReport, api, must } from '../api/client.ts'
import { ErrorNote, Facts } from '../ui.tsx'

const verdictText = (verdict: AuditReport['verdict']) => {
  if (verdict.verdict === 'match') return 'match'
  if (verdict.verdict === 'in_progress') return `in progress (audited up to seq ${verdict.seq})`
  return `diverged at seq ${verdict.seq}`
}

/**
 * Runs the audit of a run (`GET /runs/{runId}/audit`): the hash chain checked, the run re-derived from its
 * events alone, and the verdict: match, or where it diverged and how.
 */
export const AuditPanel = ({ runId }: { runId: string }) => {
  const [report, setReport] = useState<AuditReport>()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const audit = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const answer = await must(
        api.GET('/runs/{runId}/audit', { params: { path: { runId }, query: { format: 'json' } } }),
      )
      if (typeof answer === 'string') throw new Error('the audit answered text, not JSON')
      setReport(answer)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }
  const chain = report?.chain as {
    ok?: boolean
    length?: number
    head?: string
    seq?: number
    problem?: string
  }
  return (
    <div className="audit">
      <button type="button" onClick={() => void audit()} disabled={busy}>
        {busy ? 'Auditing…' : report ? 'Audit again' : 'Run the audit'}
      </button>
      <ErrorNote error={error} />
      {report ? (
        <div aria-live="polite">
          <p className={`verdict verdict-${report.verdict.verdict}`} data-testid="audit-verdict">
            Verdict: <strong>{verdictText(report.verdict)}</strong>
          </p>
          {report.verdict.verdict === 'diverged' ? (
            <p className="error">{report.verdict.difference}</p>
          ) : null}
          <Facts
            items={[
              [
                'hash chain',
                chain?.ok
                  ? `intact: ${chain.length} events, head ${chain.head?.slice(0, 16)}…`
                  : `broken at seq ${chain?.seq}: ${chain?.problem}`,
              ],
              ['steps re-derived', String(report.steps.length)],
            ]}
          />
        </div>
      ) : null}
    </div>
  )
}
