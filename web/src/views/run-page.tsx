import { type ReactNode, useEffect, useState } from 'react'
import { api, ended, must, type RunView } from '../api/client.ts'
import { useRun } from '../api/use-run.ts'
import { Link } from '../router.tsx'
import { ErrorNote, Facts, Loading, StatusBadge, Time } from '../ui.tsx'
import { ApprovalDecisionNote, ApprovalPanel, pendingPause } from './approval-panel.tsx'
import { AuditPanel } from './audit-panel.tsx'
import { EventTimeline } from './event-timeline.tsx'
import { PlanGraph } from './lazy-plan-graph.tsx'
import { replayRunPath } from './replays-page.tsx'
import { ModelCallItem, StepDetails, StepList, ToolCallItem } from './step-details.tsx'

/** Cancel with a second, explicit confirmation (no modal to trap focus). */
const CancelButton = ({ run, onDone }: { run: RunView; onDone: () => void }) => {
  const [asking, setAsking] = useState(false)
  const [error, setError] = useState<unknown>()
  if (ended(run.status)) return null
  const cancel = async () => {
    try {
      await must(
        api.POST('/runs/{runId}/cancel', {
          params: { path: { runId: run.runId } },
          body: { reason: 'cancelled from the console' },
        }),
      )
      setAsking(false)
      onDone()
    } catch (failure) {
      setError(failure)
    }
  }
  return (
    <div className="cancel">
      {asking ? (
        <>
          <span>Stop this run? Its steps under way are aborted.</span>{' '}
          <button type="button" className="danger" onClick={() => void cancel()}>
            Yes, cancel the run
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            Keep it running
          </button>
        </>
      ) : (
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          Cancel run
        </button>
      )}
      <ErrorNote error={error} />
    </div>
  )
}

/** The answer of a run, or why it has none (yet). */
export const Outcome = ({ run }: { run: RunView }) =>
  run.output !== undefined ? (
    <pre className="text answer" data-testid="run-answer">
      {run.output}
    </pre>
  ) : run.failure ? (
    <p className="error" data-testid="run-failure">
      {run.failure.code}: {run.failure.message}
    </p>
  ) : (
    <p className="muted">no answer yet</p>
  )

/** A run: its plan as a live DAG, each step's inputs, output and calls, the answer, the audit and the log. */
export const RunPage = ({ runId }: { runId: string }) => {
  const { run, error, live, reload } = useRun(runId)
  const [selected, setSelected] = useState<string>()
  const first = run?.plan?.steps[0]?.id
  useEffect(() => {
    if (!selected && first) setSelected(first)
  }, [selected, first])

  if (!run) return error ? <ErrorNote error={error} /> : <Loading what="the run" />
  const pause = run.status === 'awaiting_approval' ? pendingPause(run.events) : undefined
  const planner = run.modelCalls.filter((call) => !run.plan?.steps.some((step) => step.id === call.stepId))
  return (
    <article className="run-page">
      <header className="page-head">
        <h1>
          Run <code>{run.runId}</code> <StatusBadge status={run.status} />
          {live && !ended(run.status) ? <span className="live">live</span> : null}
        </h1>
        <div className="actions">
          {ended(run.status) ? <Link to={replayRunPath(run)}>Replay this run</Link> : null}
          <CancelButton run={run} onDone={reload} />
        </div>
      </header>
      <Facts
        items={[
          ['request', run.request],
          [
            'chat',
            run.chatId ? (
              <Link key="chat" to={`/console/chats/${run.chatId}`}>
                {run.chatId}
              </Link>
            ) : (
              '—'
            ),
          ],
          ['created', <Time key="c" at={run.createdAt} />],
          ['updated', <Time key="u" at={run.updatedAt} />],
          ...(run.events.some((event) => event.name === 'ApprovalDecided')
            ? ([['approval', <ApprovalDecisionNote key="a" events={run.events} />]] as [string, ReactNode][])
            : []),
          ['model', run.model ? `${run.model.model} (${run.model.provider})` : '—'],
          [
            'usage',
            `${run.usage.modelCalls ?? 0} model calls, ${run.usage.toolCalls ?? 0} tool calls, ${run.usage.totalTokens ?? 0} tokens`,
          ],
        ]}
      />
      {pause ? <ApprovalPanel key={pause.seq} run={run} pause={pause} /> : null}
      <div className="run-grid">
        <section aria-labelledby="plan-heading" className="panel">
          <h2 id="plan-heading">Plan</h2>
          {run.plan ? (
            <>
              <p className="muted">{run.plan.goal}</p>
              <PlanGraph run={run} selected={selected} onSelect={setSelected} />
              <StepList run={run} selected={selected} onSelect={setSelected} />
            </>
          ) : (
            <p className="muted">{run.failure ? 'no plan: the run ended first' : 'planning…'}</p>
          )}
        </section>
        <section aria-labelledby="step-heading" className="panel">
          <h2 id="step-heading">Step</h2>
          {selected ? <StepDetails run={run} stepId={selected} /> : <p className="muted">pick a step</p>}
        </section>
      </div>
      <div className="run-grid">
        <section aria-labelledby="answer-heading" className="panel">
          <h2 id="answer-heading">Answer</h2>
          <Outcome run={run} />
        </section>
        <section aria-labelledby="audit-heading" className="panel">
          <h2 id="audit-heading">Audit</h2>
          <AuditPanel runId={run.runId} />
        </section>
      </div>
      <section aria-labelledby="calls-heading" className="panel">
        <h2 id="calls-heading">Planner calls</h2>
        {planner.length === 0 ? <p className="muted">none</p> : null}
        {planner.map((call) => (
          <ModelCallItem key={call.callId} call={call} />
        ))}
        {run.toolCalls.length > 0 ? <h3>All tool calls</h3> : null}
        {run.toolCalls.map((call) => (
          <ToolCallItem key={call.callId} call={call} />
        ))}
      </section>
      <section aria-labelledby="events-heading" className="panel">
        <h2 id="events-heading">Events ({run.events.length})</h2>
        <EventTimeline events={run.events} />
      </section>
    </article>
  )
}
