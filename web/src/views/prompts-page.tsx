import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react'
import { ApiFailure, api, must, type Prompt, type PromptSummary } from '../api/client.ts'
import { problemsByField, problemsOfFailure } from '../api/problems.ts'
import { Field, FormProblems, fieldAria } from '../form.tsx'
import { Link, navigate } from '../router.tsx'
import { ErrorNote, Loading, Time, VersionLinks } from '../ui.tsx'

/**
 * The route of a prompt: its name in the query, not the path, since a prompt's name has dots
 * (`planner.system`) and the server answers a path under /console/ that looks like a file with 404.
 */
const promptPath = (name: string, query = '') =>
  `/console/prompts?${new URLSearchParams({ name })}${query ? `&${query.slice(1)}` : ''}`

/** How many prompts a page of `GET /prompts` asks for. */
const PAGE_SIZE = 50

/**
 * The tenant's prompts from `GET /prompts`, by name, a page at a time: `more()` reads the next one.
 * Read again when `generation` changes (a prompt saved, another one opened).
 */
const usePrompts = (generation: string) => {
  const [prompts, setPrompts] = useState<PromptSummary[]>()
  const [next, setNext] = useState<string>()
  const [error, setError] = useState<unknown>()
  const read = useCallback(async (cursor: string | undefined) => {
    const page = await must(
      api.GET('/prompts', { params: { query: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }),
    )
    setPrompts((shown) => [...(cursor ? (shown ?? []) : []), ...page.prompts])
    setNext(page.next)
  }, [])
  useEffect(() => {
    void generation
    setError(undefined)
    read(undefined).catch(setError)
  }, [read, generation])
  const more = () => {
    if (next) read(next).catch(setError)
  }
  return { prompts, more: next ? more : undefined, error }
}

/** A prompt's text, saved as a new version by `PUT /prompts/{name}`; the API's problems show under the text. */
const PromptEditor = ({
  name,
  text,
  onSaved,
  onCancel,
}: {
  name: string
  text: string
  onSaved: (version: number) => void
  onCancel: () => void
}) => {
  const [draft, setDraft] = useState(text)
  const [problems, setProblems] = useState(new Map<string, string[]>())
  const field = useRef<HTMLTextAreaElement>(null)
  useEffect(() => field.current?.focus(), [])
  const save = async (event: FormEvent) => {
    event.preventDefault()
    try {
      const saved = await must(
        api.PUT('/prompts/{name}', { params: { path: { name } }, body: { text: draft } }),
      )
      onSaved(saved.version)
    } catch (failure) {
      setProblems(
        failure instanceof ApiFailure && failure.status === 400
          ? problemsByField(problemsOfFailure(failure), ['text'])
          : new Map([['', [failure instanceof Error ? failure.message : String(failure)]]]),
      )
      field.current?.focus()
    }
  }
  return (
    <form
      className="definition-form"
      aria-label={`Edit prompt ${name}`}
      onSubmit={(e) => void save(e)}
      noValidate
    >
      <Field form="prompt" name="text" label="Text" problems={problems}>
        <textarea
          ref={field}
          className="code"
          rows={12}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          {...fieldAria('prompt', 'text', problems)}
        />
      </Field>
      <FormProblems problems={problems.get('') ?? []} />
      <div className="actions">
        <button type="submit">Save new version</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

/** One prompt: a version of its text, links to each version, Edit (a new version); or Create when it has none. */
const PromptPanel = ({
  name,
  version,
  editing,
  onSaved,
}: {
  name: string
  version?: number
  editing: boolean
  onSaved: () => void
}) => {
  const [latest, setLatest] = useState<Prompt | null>()
  const [shown, setShown] = useState<Prompt>()
  const [error, setError] = useState<unknown>()
  const [saved, setSaved] = useState<number>()
  useEffect(() => {
    void editing
    void saved // a version saved: read it back (creating one stays on the same path)
    setError(undefined)
    const path = { path: { name } }
    api
      .GET('/prompts/{name}', { params: path })
      .then(async (answer) => {
        // No prompt of that name yet: the panel offers to create its version 1.
        if (answer.response.status === 404) return setLatest(null)
        const last = await must(Promise.resolve(answer))
        setLatest(last)
        setShown(
          version && version !== last.version
            ? await must(api.GET('/prompts/{name}', { params: { ...path, query: { version } } }))
            : last,
        )
      })
      .catch(setError)
  }, [name, version, editing, saved])

  if (error) return <ErrorNote error={error} />
  if (latest === undefined) return <Loading what={`prompt ${name}`} />
  if (editing || latest === null)
    return (
      <section className="panel" aria-labelledby="prompt-heading">
        <h2 id="prompt-heading">
          {latest ? `Edit ${name}` : `New prompt ${name}`}{' '}
          <span className="muted">(saves version {(latest?.version ?? 0) + 1})</span>
        </h2>
        <PromptEditor
          name={name}
          text={latest?.text ?? ''}
          onSaved={(n) => {
            setSaved(n)
            onSaved()
            navigate(promptPath(name))
          }}
          onCancel={() => navigate('/console/prompts')}
        />
      </section>
    )
  if (!shown) return <Loading what={`prompt ${name}`} />
  return (
    <section className="panel" aria-labelledby="prompt-heading">
      <header className="page-head">
        <h2 id="prompt-heading">
          {name} <span className="muted">v{shown.version}</span>
        </h2>
        <Link className="button" to={promptPath(name, '?edit')}>
          Edit prompt
        </Link>
      </header>
      {saved ? <p aria-live="polite">Saved version {saved}.</p> : null}
      <VersionLinks
        name={name}
        latest={latest.version}
        shown={shown.version}
        pathOf={(query) => promptPath(name, query)}
      />
      <p className="muted">
        saved <Time at={shown.createdAt} />
      </p>
      <pre className="text" data-testid="prompt-text">
        {shown.text}
      </pre>
    </section>
  )
}

/** Prompts: the tenant's stored prompts (`GET /prompts`), one prompt with its versions, and any prompt by name. */
export const PromptsPage = ({ search }: { search: string }) => {
  const query = new URLSearchParams(search)
  const name = query.get('name') ?? undefined
  const [saves, setSaves] = useState(0)
  const { prompts, more, error } = usePrompts(`${search}#${saves}`)
  const open = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const wanted = String(new FormData(event.currentTarget).get('name') ?? '').trim()
    if (wanted) navigate(promptPath(wanted))
  }
  return (
    <article>
      <h1>Prompts</h1>
      <form className="filters" aria-label="Open a prompt" onSubmit={open}>
        <label>
          Prompt name
          <input name="name" placeholder="e.g. team.digest" autoComplete="off" />
        </label>
        <button type="submit">Open or create</button>
      </form>
      {name ? (
        <PromptPanel
          key={name}
          name={name}
          version={Number(query.get('version')) || undefined}
          editing={query.has('edit')}
          onSaved={() => setSaves((n) => n + 1)}
        />
      ) : null}
      <ErrorNote error={error} />
      {!prompts && !error ? <Loading what="prompts" /> : null}
      {prompts?.length === 0 ? <p className="muted">No prompts yet.</p> : null}
      <div className="table-wrap">
        <table aria-label="Prompts">
          <thead>
            <tr>
              <th scope="col">prompt</th>
              <th scope="col">latest version</th>
              <th scope="col">updated</th>
            </tr>
          </thead>
          <tbody>
            {(prompts ?? []).map((prompt) => (
              <tr key={prompt.name}>
                <td>
                  <Link to={promptPath(prompt.name)} aria-current={prompt.name === name ? 'page' : undefined}>
                    {prompt.name}
                  </Link>
                </td>
                <td>v{prompt.version}</td>
                <td>
                  <Time at={prompt.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more ? (
        <button type="button" onClick={more}>
          Show more prompts
        </button>
      ) : null}
    </article>
  )
}
