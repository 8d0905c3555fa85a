import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react'
import {
  api,
  must,
  RUN_STATUS_MEANING,
  RUN_STATUSES,
  type RunStatus,
  type RunSummary,
} from '../api/client.ts'
import { Link, navigate } from '../router.tsx'
import { ErrorNote, Loading, StatusBadge, Time } from '../ui.tsx'

interface Filters {
  status?: RunStatus
  since?: string
  until?: string
  q?: string
}

/** Runs asked of the API at a time (its largest page). */
const PAGE = 100
/** The height of a row, fixed so the rows on screen follow from the scroll position alone. */
const ROW_PX = 40
/** Rows drawn beyond each edge of the viewport, so a fast scroll shows no gap. */
const OVERSCAN = 10

const readFilters = (search: string): Filters => {
  const params = new URLSearchParams(search)
  const status = params.get('status') as RunStatus | null
  return {
    ...(status && RUN_STATUSES.includes(status) ? { status } : {}),
    ...(params.get('since') ? { since: params.get('since') as string } : {}),
    ...(params.get('until') ? { until: params.get('until') as string } : {}),
    ...(params.get('q') ? { q: params.get('q') as string } : {}),
  }
}

const toSearch = (filters: Filters) => {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined && value !== '') params.set(name, String(value))
  return `/console/runs?${params}`
}

/** A `datetime-local` value (local time) as the API's UTC instant. */
const toInstant = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined)

/**
 * The runs of the filters, newest first, read a page at a time by the API's cursor as they are needed:
 * `more()` reads the next page (once at a time); `done` once the API has no next cursor.
 */
const useRunPages = ({ status, since, until }: Filters) => {
  const [runs, setRuns] = useState<RunSummary[]>([])
  const [next, setNext] = useState<string>()
  const [done, setDone] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<unknown>()
  // The read under way, so a change of filters drops the answers of the old ones.
  const generation = useRef(0)
  const reading = useRef(false)

  const read = useCallback(
    async (cursor: string | undefined, ofGeneration: number) => {
      reading.current = true
      setLoading(true)
      try {
        const query = {
          limit: PAGE,
          ...(status ? { status } : {}),
          ...(since ? { since: toInstant(since) } : {}),
          ...(until ? { until: toInstant(until) } : {}),
          ...(cursor ? { cursor } : {}),
        }
        const page = await must(api.GET('/runs', { params: { query } }))
        if (ofGeneration !== generation.current) return
        setRuns((before) => (cursor ? [...before, ...page.runs] : page.runs))
        setNext(page.next)
        setDone(!page.next)
      } catch (failure) {
        if (ofGeneration === generation.current) setError(failure)
      } finally {
        if (ofGeneration === generation.current) {
          reading.current = false
          setLoading(false)
        }
      }
    },
    [status, since, until],
  )

  useEffect(() => {
    generation.current += 1
    setRuns([])
    setNext(undefined)
    setDone(false)
    setError(undefined)
    void read(undefined, generation.current)
  }, [read])

  const more = useCallback(() => {
    if (reading.current || done || !next) return
    void read(next, generation.current)
  }, [read, done, next])

  return { runs, done, loading, error, more }
}

/**
 * Runs of the tenant, newest first, by status and creation time, searchable among those loaded. The list is
 * windowed: only the rows in view (and a few either side) are in the page, however many are loaded, and the
 * next page is read by cursor as the end comes into view, so a thousand runs scroll as smoothly as ten.
 */
export const RunsPage = ({ search }: { search: string }) => {
  const filters = readFilters(search)
  const { runs, done, loading, error, more } = useRunPages(filters)
  const scroller = useRef<HTMLElement>(null)
  const [view, setView] = useState({ top: 0, height: 600 })

  const measure = useCallback(() => {
    const element = scroller.current
    if (element) setView({ top: element.scrollTop, height: element.clientHeight })
  }, [])
  // The region grows with its rows up to its largest height: measured again as rows arrive.
  useEffect(() => {
    void runs.length
    measure()
  }, [runs.length, measure])
  useEffect(() => {
    measure()
    window.addEventListener('resize', measure)
    return () => window.removeEventListener('resize', measure)
  }, [measure])

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (name: string) => (form.get(name) as string | null) || undefined
    scroller.current?.scrollTo({ top: 0 })
    navigate(
      toSearch({
        ...(text('status') ? { status: text('status') as RunStatus } : {}),
        ...(text('since') ? { since: text('since') } : {}),
        ...(text('until') ? { until: text('until') } : {}),
        ...(text('q') ? { q: text('q') } : {}),
      }),
    )
  }
  const q = filters.q?.toLowerCase()
  const shown = runs.filter(
    (run) =>
      !q ||
      [run.runId, run.request, run.chatId ?? '', run.status].some((field) => field.toLowerCase().includes(q)),
  )
  const first = Math.max(0, Math.floor(view.top / ROW_PX) - OVERSCAN)
  const last = Math.min(shown.length, Math.ceil((view.top + view.height) / ROW_PX) + OVERSCAN)
  const nearEnd = last >= shown.length - OVERSCAN
  // The end of what is loaded is in view: read the next page. A search reads no more by itself (it would read
  // every run to fill the view); Load older runs widens it.
  const searching = !!q
  useEffect(() => {
    if (nearEnd && !searching) more()
  }, [nearEnd, searching, more])

  return (
    <article>
      <h1>Runs</h1>
      <form className="filters" onSubmit={apply} aria-label="Filter runs" key={search}>
        <label>
          Status
          <select name="status" defaultValue={filters.status ?? ''}>
            <option value="">any</option>
            {RUN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s} ({RUN_STATUS_MEANING[s]})
              </option>
            ))}
          </select>
        </label>
        <label>
          Created from
          <input type="datetime-local" name="since" defaultValue={filters.since ?? ''} />
        </label>
        <label>
          Created until
          <input type="datetime-local" name="until" defaultValue={filters.until ?? ''} />
        </label>
        <label>
          Search loaded runs
          <input type="search" name="q" defaultValue={filters.q ?? ''} placeholder="id, request, chat" />
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorNote error={error} />
      <p className="muted" aria-live="polite" data-testid="runs-count">
        {q ? `${shown.length} of ` : ''}
        {runs.length} {runs.length === 1 ? 'run' : 'runs'} loaded
        {done
          ? ', all there are'
          : loading
            ? ', reading more…'
            : q
              ? ': Load older runs to search further'
              : ', more as you scroll'}
      </p>
      <section
        ref={scroller}
        className="runs-scroll table-wrap"
        onScroll={measure}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region takes the keyboard (arrows, Page Down)
        tabIndex={0}
        aria-label="Runs, newest first: scroll for older ones"
        data-testid="runs-scroll"
      >
        <table aria-label="Runs" aria-rowcount={shown.length + 1} className="runs-table">
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">run</th>
              <th scope="col">status</th>
              <th scope="col">request</th>
              <th scope="col">chat</th>
              <th scope="col">created</th>
              <th scope="col">updated</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 ? (
              <tr className="spacer" style={{ height: first * ROW_PX }}>
                <td colSpan={6} />
              </tr>
            ) : null}
            {shown.slice(first, last).map((run, i) => (
              <tr key={run.runId} aria-rowindex={first + i + 2} style={{ height: ROW_PX }}>
                <td>
                  <Link to={`/console/runs/${run.runId}`}>
                    <code>{run.runId}</code>
                  </Link>
                </td>
                <td>
                  <StatusBadge status={run.status} />
                </td>
                <td className="clip">{run.request}</td>
                <td className="clip">
                  {run.chatId ? <Link to={`/console/chats/${run.chatId}`}>{run.chatId}</Link> : '—'}
                </td>
                <td>
                  <Time at={run.createdAt} />
                </td>
                <td>
                  <Time at={run.updatedAt} />
                </td>
              </tr>
            ))}
            {last < shown.length ? (
              <tr className="spacer" style={{ height: (shown.length - last) * ROW_PX }}>
                <td colSpan={6} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {loading && runs.length === 0 ? <Loading what="runs" /> : null}
        {!loading && done && shown.length === 0 ? <p className="muted">No runs match.</p> : null}
      </section>
      <nav className="pager" aria-label="More runs">
        <button type="button" disabled={done || loading} onClick={more}>
          Load older runs
        </button>
        <button
          type="button"
          onClick={() => scroller.current?.scrollTo({ top: 0 })}
          disabled={view.top === 0}
        >
          Back to the newest
        </button>
      </nav>
    </article>
  )
}
