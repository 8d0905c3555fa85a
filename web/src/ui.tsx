import type { ReactNode } from 'react'
import { Link } from './router.tsx'

/** A status as a coloured badge; the word is always there, colour only repeats it. */
export const StatusBadge = ({ status }: { status: string }) => (
  <span className={`badge status-${status}`} data-status={status}>
    {status}
  </span>
)

const TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })

/** An instant as local date and time, the ISO value in `dateTime` (and as a tooltip). */
export const Time = ({ at, precise = false }: { at: string; precise?: boolean }) => {
  const date = new Date(at)
  const text = precise
    ? `${date.toLocaleTimeString(undefined, { hour12: false })}.${String(date.getMilliseconds()).padStart(3, '0')}`
    : TIME.format(date)
  return (
    <time dateTime={at} title={at}>
      {text}
    </time>
  )
}

/** A failure the user should see, announced to screen readers. */
export const ErrorNote = ({ error }: { error: unknown }) =>
  error ? (
    <p className="error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  ) : null

export const Loading = ({ what }: { what: string }) => (
  <p className="muted" aria-live="polite">
    Loading {what}…
  </p>
)

/** A value as indented JSON, in a region named `label`. */
export const Json = ({ value, label }: { value: unknown; label: string }) => (
  <section className="json" aria-label={label}>
    <pre>{JSON.stringify(value, null, 2)}</pre>
  </section>
)

/** A labelled group of facts. */
export const Facts = ({ items }: { items: [string, ReactNode][] }) => (
  <dl className="facts">
    {items.map(([term, value]) => (
      <div key={term}>
        <dt>{term}</dt>
        <dd>{value}</dd>
      </div>
    ))}
  </dl>
)

/** A message of an error thrown anywhere, for display. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Links to every version of a versioned definition, newest first; the one shown is the current page. */
export const VersionLinks = ({
  name,
  latest,
  shown,
  pathOf,
}: {
  name: string
  latest: number
  shown: number
  pathOf: (query: string) => string
}) => (
  <nav aria-label={`Versions of ${name}`} className="versions">
    <span className="muted">Versions:</span>
    {Array.from({ length: latest }, (_, i) => latest - i).map((n) => (
      <Link
        key={n}
        to={pathOf(n === latest ? '' : `?version=${n}`)}
        aria-current={n === shown ? 'page' : undefined}
        aria-label={`version ${n}${n === latest ? ' (latest)' : ''}`}
      >
        v{n}
      </Link>
    ))}
  </nav>
)
