import { type FormEvent, useEffect, useState } from 'react'
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
  limit: number
  cursor?: string
}

const readFilters = (search: string): Filters => {
  const params = new URLSearchParams(search)
  const status = params.get('status') as RunStatus | null
  return {
    ...(status && RUN_STATUSES.includes(status) ? { status } : {}),
    ...(params.get('since') ? { since: params.get('since') as string } : {}),
    ...(params.get('until') ? { until: params.get('until') as string } : {}),
    ...(params.get('q') ? { q: params.get('q') as string } : {}),
    ...(params.get('cursor') ? { cursor: params.get('cursor') as string } : {}),
    limit: Number(params.get('limit')) || 25,
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

/** Runs of the tenant, newest first: by status and creation time, a page at a time, searchable within the page. */
export const RunsPage = ({ search }: { search: string }) => {
  const filters = readFilters(search)
  const [page, setPage] = useState<{ runs: RunSummary[]; next?: string }>()
  const [error, setError] = useState<unknown>()
  // The cursors of the pages before this one, to go back.
  const [previous, setPrevious] = useState<(string | undefined)[]>([])

  const { status, since, until, limit, cursor } = filters
  useEffect(() => {
    setPage(undefined)
    setError(undefined)
    const query = {
      limit,
      ...(status ? { status } : {}),
      ...(since ? { since: toInstant(since) } : {}),
      ...(until ? { until: toInstant(until) } : {}),
      ...(cursor ? { cursor } : {}),
    }
    must(api.GET('/runs', { params: { query } })).then(setPage, setError)
  }, [status, since, until, limit, cursor])

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const text = (name: string) => (form.get(name) as string | null) || undefined
    setPrevious([])
    navigate(
      toSearch({
        ...(text('status') ? { status: text('status') as RunStatus } : {}),
        ...(text('since') ? { since: text('since') } : {}),
        ...(text('until') ? { until: text('until') } : {}),
        ...(text('q') ? { q: text('q') } : {}),
        limit: Number(text('limit')) || 25,
      }),
    )
  }
  const q = filters.q?.toLowerCase()
  const shown = page?.runs.filter(
    (run) =>
      !q ||
      [run.runId, run.request, run.chatId ?? '', run.status].some((field) => field.toLowerCase().includes(q)),
  )

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
          Search this page
          <input type="search" name="q" defaultValue={filters.q ?? ''} placeholder="id, request, chat" />
        </label>
        <label>
          Per page
          <select name="limit" defaultValue={String(filters.limit)}>
            {[10, 25, 50, 100].map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <button type="submit">Apply</button>
      </form>
      <ErrorNote error={error} />
      {!page && !error ? <Loading what="runs" /> : null}
      {shown ? (
        <div className="table-wrap">
          <table aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">run</th>
                <th scope="col">status</th>
                <th scope="col">request</th>
                <th scope="col">chat</th>
                <th scope="col">created</th>
                <th scope="col">updated</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((run) => (
                <tr key={run.runId}>
                  <td>
                    <Link to={`/console/runs/${run.runId}`}>
                      <code>{run.runId}</code>
                    </Link>
                  </td>
                  <td>
                    <StatusBadge status={run.status} />
                  </td>
                  <td className="clip">{run.request}</td>
                  <td>{run.chatId ? <Link to={`/console/chats/${run.chatId}`}>{run.chatId}</Link> : '—'}</td>
                  <td>
                    <Time at={run.createdAt} />
                  </td>
                  <td>
                    <Time at={run.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 ? <p className="muted">No runs match.</p> : null}
        </div>
      ) : null}
      <nav className="pager" aria-label="Pages of runs">
        <button
          type="button"
          disabled={previous.length === 0}
          onClick={() => {
            const before = previous.slice(0, -1)
            setPrevious(before)
            navigate(toSearch({ ...filters, cursor: previous.at(-1) }))
          }}
        >
          Newer
        </button>
        <button
          type="button"
          disabled={!page?.next}
          onClick={() => {
            setPrevious([...previous, filters.cursor])
            navigate(toSearch({ ...filters, cursor: page?.next }))
          }}
        >
          Older
        </button>
      </nav>
    </article>
  )
}
