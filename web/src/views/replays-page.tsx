import { type FormEvent, useEffect, useState } from 'react'
import { ApiFailure, api, must, type ReplayComparison } from '../api/client.ts'
import { Link, navigate } from '../router.tsx'
import { ErrorNote, Json } from '../ui.tsx'

/** How often, and how many times, a comparison is read again while the replay is delivered. */
const POLL_MS = 500
const POLLS = 120

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null

/** The last seq a view folded (`lastSeq` of the audit's run summary), 0 for none. */
const lastSeqOf = (view: unknown) => (isRecord(view) && typeof view.lastSeq === 'number' ? view.lastSeq : 0)

/** The top-level fields where the replayed view differs from the live one. */
const differingFields = (live: unknown, replayed: unknown): string[] => {
  if (!isRecord(live) || !isRecord(replayed)) return []
  const keys = new Set([...Object.keys(live), ...Object.keys(replayed)])
  return [...keys].filter((key) => JSON.stringify(live[key]) !== JSON.stringify(replayed[key]))
}

/** A local `datetime-local` value for an instant (the form shows local time, the API takes UTC). */
const localInput = (at: Date) => {
  const shifted = new Date(at.getTime() - at.getTimezoneOffset() * 60_000)
  return shifted.toISOString().slice(0, 19)
}

/**
 * One run of a replay: its replayed view next to its live one, read again until the replay has
 * reached the run's last seq (the embedded runtime delivers a replay through the consumers' queues).
 */
const Comparison = ({ name, runId, logSeq }: { name: string; runId: string; logSeq?: number }) => {
  const [comparison, setComparison] = useState<ReplayComparison>()
  const [error, setError] = useState<unknown>()
  const [settled, setSettled] = useState(false)
  useEffect(() => {
    let stopped = false
    const read = async () => {
      for (let poll = 0; poll < POLLS && !stopped; poll++) {
        const found = await must(
          api.GET('/replays/{name}/runs/{runId}', { params: { path: { name, runId } } }),
        )
        if (stopped) return
        setComparison(found)
        const reached = lastSeqOf(found.replayed)
        // Settled once the replay has folded the run's whole log (a partial equality is only so far).
        if (found.replayed !== undefined && reached >= (logSeq ?? lastSeqOf(found.live)))
          return setSettled(true)
        await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      }
      if (!stopped) setSettled(true)
    }
    read().catch(setError)
    return () => {
      stopped = true
    }
  }, [name, runId, logSeq])

  if (error) return <ErrorNote error={error} />
  const replayedSeq = lastSeqOf(comparison?.replayed)
  const differs = comparison ? differingFields(comparison.live, comparison.replayed) : []
  const verdict = !comparison?.replayed || !settled ? 'replaying' : comparison.equal ? 'match' : 'differs'
  return (
    <li className="comparison" data-testid={`replay-run-${runId}`}>
      <p>
        Run{' '}
        <Link to={`/console/runs/${runId}`}>
          <code>{runId}</code>
        </Link>
        :{' '}
        <span className={`badge verdict-${verdict}`} data-testid="replay-verdict">
          {verdict}
        </span>{' '}
        <span className="muted">
          replayed {replayedSeq} of {logSeq ?? lastSeqOf(comparison?.live)} events
          {comparison?.partial
            ? ` (the window ends at seq ${comparison.partial.replayedSeq} of ${comparison.partial.liveSeq}: compared up to there)`
            : ''}
        </span>
      </p>
      {verdict === 'differs' ? (
        <p className="error" data-testid="replay-differs">
          differs in {differs.join(', ') || 'its shape'}
        </p>
      ) : null}
      {comparison ? (
        <details>
          <summary>Live and replayed views</summary>
          <div className="run-grid">
            <div>
              <h4>Live</h4>
              <Json value={comparison.live} label={`live view of ${runId}`} />
            </div>
            <div>
              <h4>Replayed</h4>
              <Json value={comparison.replayed} label={`replayed view of ${runId}`} />
            </div>
          </div>
        </details>
      ) : null}
    </li>
  )
}

/**
 * Replays: re-deliver a window of the tenant's archive (optionally one run) to the projector under a name
 * (`POST /replays`), then compare each touched run's replayed view with its live one
 * (`GET /replays/{name}/runs/{runId}`). The runs compared are in the address, so a comparison can be linked.
 */
export const ReplaysPage = ({ name, search }: { name?: string; search: string }) => {
  const query = new URLSearchParams(search)
  const runs = query.getAll('run')
  const seqs = query.getAll('seq').map(Number)
  const now = new Date()
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  const from = query.get('from') ?? localInput(new Date(now.getTime() - 3600_000))
  const to = query.get('to') ?? localInput(new Date(now.getTime() + 60_000))

  const start = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (field: string) => String(form.get(field) ?? '').trim()
    setBusy(true)
    setError(undefined)
    try {
      const replay = text('name')
      const started = await must(
        api.POST('/replays', {
          body: {
            name: replay,
            from: new Date(text('from')).toISOString(),
            to: new Date(text('to')).toISOString(),
            ...(text('runId') ? { runId: text('runId') } : {}),
          },
        }),
      )
      const params = new URLSearchParams()
      for (const run of started.runs) {
        params.append('run', run.runId)
        params.append('seq', String(run.logSeq ?? 0))
      }
      navigate(`/console/replays/${encodeURIComponent(replay)}?${params}`)
    } catch (failure) {
      setError(
        failure instanceof ApiFailure && failure.code === 'replay.unavailable'
          ? new Error('This runtime replays through EventBridge: start the replay there.')
          : failure,
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <article>
      <h1>Replays</h1>
      <p className="muted">
        A replay re-delivers the events of a window to the projector under its own name; each run it touched
        is then compared with its live view. The live run is not changed.
      </p>
      <form className="filters" aria-label="Start a replay" onSubmit={(e) => void start(e)} key={search}>
        <label>
          Replay name
          <input
            name="name"
            required
            defaultValue={`console-${now.getTime().toString(36)}`}
            autoComplete="off"
          />
        </label>
        <label>
          From
          <input type="datetime-local" step="1" name="from" required defaultValue={from} />
        </label>
        <label>
          To
          <input type="datetime-local" step="1" name="to" required defaultValue={to} />
        </label>
        <label>
          Only run (optional)
          <input name="runId" defaultValue={query.get('runId') ?? ''} autoComplete="off" />
        </label>
        <button type="submit" disabled={busy}>
          Start replay
        </button>
      </form>
      <ErrorNote error={error} />
      {name ? (
        <section className="panel" aria-labelledby="replay-heading">
          <h2 id="replay-heading">
            Replay <code>{name}</code>
          </h2>
          {runs.length === 0 ? <p className="muted">The window touched no run.</p> : null}
          <ul className="comparisons">
            {runs.map((runId, i) => (
              <Comparison key={`${name}/${runId}`} name={name} runId={runId} logSeq={seqs[i] || undefined} />
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  )
}

/** The replay form's address for one run, its window a minute either side of the run's life. */
export const replayRunPath = (run: { runId: string; createdAt: string; updatedAt: string }) => {
  const params = new URLSearchParams({
    runId: run.runId,
    from: localInput(new Date(Date.parse(run.createdAt) - 60_000)),
    to: localInput(new Date(Date.parse(run.updatedAt) + 60_000)),
  })
  return `/console/replays?${params}`
}
