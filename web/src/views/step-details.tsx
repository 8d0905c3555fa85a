import { useState } from 'react'
import { api, type ModelCall, must, type RunView, type ToolCall } from '../api/client.ts'
import { ErrorNote, Facts, Json, StatusBadge, Time } from '../ui.tsx'
import { stepStatus } from './step-status.ts'

/** The steps as buttons: the keyboard's way to pick one, and a summary of where each stands. */
export const StepList = ({
  run,
  selected,
  onSelect,
}: {
  run: RunView
  selected?: string
  onSelect: (stepId: string) => void
}) => (
  <ul className="step-list" aria-label="Steps">
    {(run.plan?.steps ?? []).map((step) => (
      <li key={step.id}>
        <button
          type="button"
          aria-pressed={step.id === selected}
          onClick={() => onSelect(step.id)}
          aria-label={`Show step ${step.id}`}
        >
          <span>{step.id}</span> <StatusBadge status={stepStatus(run, step.id)} />
        </button>
      </li>
    ))}
  </ul>
)

const tokens = (call: ModelCall) =>
  `${call.usage.inputTokens} in · ${call.usage.outputTokens} out · ${call.usage.totalTokens} total`

/** One model call: what was asked of which model, what it cost, and (opened) its output. */
export const ModelCallItem = ({ call }: { call: ModelCall }) => (
  <details className="call" data-testid={`model-call-${call.callId}`}>
    <summary>
      {call.model} ({call.provider}
      {call.offline ? ', offline' : ''}) · {tokens(call)} · {call.latencyMs} ms
      {call.error ? <StatusBadge status="failed" /> : null}
    </summary>
    <Facts
      items={[
        ['step', call.stepId],
        ['prompt', call.prompt ? `${call.prompt.name} v${call.prompt.version}` : '—'],
        ['started', <Time key="t" at={call.startedAt} precise />],
        ['input hash', <code key="h">{call.inputHash}</code>],
        ...(call.error
          ? ([['error', `${call.error.code}: ${call.error.message}`]] as [string, string][])
          : []),
      ]}
    />
    <h4>Output{call.outputTruncated ? ' (cut: longer than the record holds)' : ''}</h4>
    <pre className="text">{call.output}</pre>
  </details>
)

/** One tool call: the tool, its input, its result and how long it took. */
export const ToolCallItem = ({ call }: { call: ToolCall }) => (
  <details className="call" data-testid={`tool-call-${call.callId}`}>
    <summary>
      {call.tool} · {call.durationMs} ms · <StatusBadge status={call.result.ok ? 'ok' : 'failed'} />
    </summary>
    <h4>Input</h4>
    <Json value={call.input} label={`input of ${call.tool}`} />
    <h4>Result</h4>
    <Json value={call.result} label={`result of ${call.tool}`} />
  </details>
)

/**
 * Downloads a step's whole output (`GET /runs/{runId}/output`, a large one read from where its reference points)
 * as a text file. Fetched with the session's credentials, then handed to the browser as a file.
 */
export const DownloadOutput = ({
  runId,
  stepId,
  bytes,
}: {
  runId: string
  stepId: string
  bytes: number
}) => {
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const download = async () => {
    setBusy(true)
    setError(undefined)
    try {
      const file = await must(
        api.GET('/runs/{runId}/output', {
          params: { path: { runId }, query: { step: stepId } },
          parseAs: 'blob',
        }),
      )
      const url = URL.createObjectURL(file)
      const link = document.createElement('a')
      link.href = url
      link.download = `${runId}-${stepId}.txt`
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }
  return (
    <p>
      <button
        type="button"
        onClick={() => void download()}
        disabled={busy}
        aria-label={`Download output of step ${stepId}`}
      >
        Download output
      </button>{' '}
      <span className="muted">{bytes.toLocaleString('en')} bytes, as a text file</span>
      <ErrorNote error={error} />
    </p>
  )
}

/** Everything about one step: its instruction, inputs, output or error, and its model and tool calls. */
export const StepDetails = ({ run, stepId }: { run: RunView; stepId: string }) => {
  const planned = run.plan?.steps.find((step) => step.id === stepId)
  const step = run.steps.find((s) => s.stepId === stepId)
  const models = run.modelCalls.filter((call) => call.stepId === stepId)
  const tools = run.toolCalls.filter((call) => call.stepId === stepId)
  return (
    <div className="step-details" data-testid="step-details">
      <h3>
        Step {stepId} <StatusBadge status={step?.status ?? 'pending'} />
      </h3>
      <Facts
        items={[
          ['team', planned?.team ?? step?.team ?? '—'],
          ['depends on', planned?.dependsOn.length ? planned.dependsOn.join(', ') : 'nothing'],
        ]}
      />
      <h4>Instruction</h4>
      <p>{planned?.instruction ?? '—'}</p>
      <h4>Inputs</h4>
      {step?.inputs.length ? (
        step.inputs.map((input) => (
          <div key={input.stepId}>
            <p className="muted">from step {input.stepId}</p>
            <pre className="text">{input.output.text}</pre>
          </div>
        ))
      ) : (
        <p className="muted">none: the step depends on nothing, or is not dispatched yet</p>
      )}
      <h4>Output</h4>
      {step?.output ? (
        <>
          <pre className="text">{step.output.text}</pre>
          {step.output.ref ? (
            <p className="muted" data-testid="output-by-reference">
              Large output: the text above is its beginning; the whole ({step.output.ref.bytes} bytes, sha256{' '}
              <code>{step.output.ref.sha256.slice(0, 12)}…</code>) is kept by reference.
            </p>
          ) : null}
          <DownloadOutput
            runId={run.runId}
            stepId={stepId}
            bytes={step.output.ref?.bytes ?? new TextEncoder().encode(step.output.text).length}
          />
        </>
      ) : step?.error ? (
        <p className="error">
          {step.error.code}: {step.error.message}
        </p>
      ) : (
        <p className="muted">not yet</p>
      )}
      <h4>Model calls ({models.length})</h4>
      {models.map((call) => (
        <ModelCallItem key={call.callId} call={call} />
      ))}
      <h4>Tool calls ({tools.length})</h4>
      {tools.length === 0 ? <p className="muted">none</p> : null}
      {tools.map((call) => (
        <ToolCallItem key={call.callId} call={call} />
      ))}
    </div>
  )
}
