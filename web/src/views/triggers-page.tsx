import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiFailure, api, must, type TriggerRecord } from '../api/client.ts'
import { problemsByField, problemsOfFailure } from '../api/problems.ts'
import { Field, FormProblems, fieldAria } from '../form.tsx'
import { Link, navigate } from '../router.tsx'
import { ErrorNote, Facts, Json, Loading, Time, VersionLinks } from '../ui.tsx'

const FORM = 'trigger'
const FIELDS = ['name', 'description', 'enabled', 'pattern', 'request'] as const
const triggerPath = (name: string, query = '') => `/console/triggers/${encodeURIComponent(name)}${query}`

const EXAMPLE_PATTERN = { source: ['shop.orders'], 'detail-type': ['OrderPlaced'] }

/**
 * Creates a trigger (`POST /triggers`) or saves a new version (`PUT /triggers/{name}`): an event pattern and
 * the request template of the run it starts. The API's problems are shown beside their fields.
 */
const TriggerForm = ({
  trigger,
  onSaved,
  onCancel,
}: {
  trigger?: TriggerRecord
  onSaved: (saved: TriggerRecord) => void
  onCancel: () => void
}) => {
  const current = trigger?.definition
  const [name, setName] = useState(current?.name ?? '')
  const [description, setDescription] = useState(current?.description ?? '')
  const [enabled, setEnabled] = useState(current?.enabled ?? true)
  const [pattern, setPattern] = useState(JSON.stringify(current?.pattern ?? EXAMPLE_PATTERN, null, 2))
  const [request, setRequest] = useState(current?.request ?? '')
  const [problems, setProblems] = useState(new Map<string, string[]>())
  const form = useRef<HTMLFormElement>(null)
  useEffect(() => {
    void problems
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [problems])
  const aria = (field: string) => fieldAria(FORM, field, problems)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    let parsed: unknown
    try {
      parsed = JSON.parse(pattern)
    } catch (failure) {
      setProblems(new Map([['pattern', [`not JSON: ${(failure as Error).message}`]]]))
      return
    }
    const body = {
      name: name.trim(),
      ...(description.trim() ? { description } : {}),
      enabled,
      pattern: parsed,
      request,
    } as never
    try {
      const saved = trigger
        ? await must(api.PUT('/triggers/{name}', { params: { path: { name: trigger.name } }, body }))
        : await must(api.POST('/triggers', { body }))
      onSaved(saved)
    } catch (failure) {
      setProblems(
        failure instanceof ApiFailure && failure.status === 400
          ? problemsByField(problemsOfFailure(failure), FIELDS)
          : failure instanceof ApiFailure && failure.code === 'trigger.exists'
            ? new Map([['name', [failure.message]]])
            : new Map([['', [failure instanceof Error ? failure.message : String(failure)]]]),
      )
    }
  }
  return (
    <form
      ref={form}
      className="definition-form"
      aria-label={trigger ? `Edit trigger ${trigger.name}` : 'New trigger'}
      onSubmit={(e) => void save(e)}
      noValidate
    >
      <Field form={FORM} name="name" label="Name" hint="a lowercase slug" problems={problems}>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          readOnly={!!trigger}
          autoComplete="off"
          {...aria('name')}
        />
      </Field>
      <Field form={FORM} name="description" label="Description (optional)" problems={problems}>
        <input
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          {...aria('description')}
        />
      </Field>
      <Field
        form={FORM}
        name="pattern"
        label="Event pattern (JSON)"
        hint="EventBridge pattern syntax: source, detail-type, detail"
        problems={problems}
      >
        <textarea
          className="code"
          rows={6}
          value={pattern}
          onChange={(e) => setPattern(e.target.value)}
          {...aria('pattern')}
        />
      </Field>
      <Field
        form={FORM}
        name="request"
        label="Request template"
        hint="the run's request; {{detail.x}} reads the event"
        problems={problems}
      >
        <textarea
          rows={3}
          value={request}
          onChange={(e) => setRequest(e.target.value)}
          {...aria('request')}
        />
      </Field>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        Enabled
      </label>
      <FormProblems problems={problems.get('') ?? []} />
      <div className="actions">
        <button type="submit">{trigger ? 'Save new version' : 'Create trigger'}</button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}

const TriggerPanel = ({ name, version, editing }: { name: string; version?: number; editing: boolean }) => {
  const [latest, setLatest] = useState<TriggerRecord>()
  const [shown, setShown] = useState<TriggerRecord>()
  const [error, setError] = useState<unknown>()
  useEffect(() => {
    void editing
    setError(undefined)
    const path = { path: { name } }
    must(api.GET('/triggers/{name}', { params: path }))
      .then(async (last) => {
        setLatest(last)
        setShown(
          version && version !== last.version
            ? await must(api.GET('/triggers/{name}', { params: { ...path, query: { version } } }))
            : last,
        )
      })
      .catch(setError)
  }, [name, version, editing])
  if (error) return <ErrorNote error={error} />
  if (!latest || !shown) return <Loading what={`trigger ${name}`} />
  if (editing)
    return (
      <section className="panel" aria-labelledby="trigger-heading">
        <h2 id="trigger-heading">Edit {name}</h2>
        <TriggerForm
          trigger={latest}
          onSaved={() => navigate(triggerPath(name))}
          onCancel={() => navigate(triggerPath(name))}
        />
      </section>
    )
  return (
    <section className="panel" aria-labelledby="trigger-heading">
      <header className="page-head">
        <h2 id="trigger-heading">
          {name} <span className="muted">v{shown.version}</span>
        </h2>
        <Link className="button" to={triggerPath(name, '?edit')}>
          Edit trigger
        </Link>
      </header>
      <VersionLinks
        name={name}
        latest={latest.version}
        shown={shown.version}
        pathOf={(query) => triggerPath(name, query)}
      />
      <Facts
        items={[
          ['enabled', shown.definition.enabled ? 'yes' : 'no'],
          ['request', shown.definition.request],
          ['saved', <Time key="t" at={shown.createdAt} />],
        ]}
      />
      <Json value={shown.definition} label={`definition of ${name} v${shown.version}`} />
    </section>
  )
}

/** Triggers: event pattern → request template → run; the latest of each, one with its versions, new ones. */
export const TriggersPage = ({ name, search }: { name?: string; search: string }) => {
  const query = new URLSearchParams(search)
  const creating = !name && query.has('new')
  const [triggers, setTriggers] = useState<TriggerRecord[]>()
  const [error, setError] = useState<unknown>()
  const location = `${name ?? ''}${search}`
  useEffect(() => {
    void location
    must(api.GET('/triggers')).then((list) => setTriggers(list.triggers), setError)
  }, [location])
  return (
    <article>
      <header className="page-head">
        <h1>Triggers</h1>
        {!creating ? (
          <Link className="button" to="/console/triggers?new">
            New trigger
          </Link>
        ) : null}
      </header>
      <p className="muted">
        An event put on the bus (<code>POST /events</code>) that matches a trigger's pattern starts a run.
      </p>
      <ErrorNote error={error} />
      {creating ? (
        <section className="panel" aria-labelledby="new-trigger-heading">
          <h2 id="new-trigger-heading">New trigger</h2>
          <TriggerForm
            onSaved={(saved) => navigate(triggerPath(saved.name))}
            onCancel={() => navigate('/console/triggers')}
          />
        </section>
      ) : null}
      {name ? (
        <TriggerPanel
          key={name}
          name={name}
          version={Number(query.get('version')) || undefined}
          editing={query.has('edit')}
        />
      ) : null}
      {!triggers && !error ? <Loading what="triggers" /> : null}
      {triggers?.length === 0 ? <p className="muted">No triggers yet.</p> : null}
      {triggers?.length ? (
        <div className="table-wrap">
          <table aria-label="Triggers">
            <thead>
              <tr>
                <th scope="col">trigger</th>
                <th scope="col">version</th>
                <th scope="col">enabled</th>
                <th scope="col">request</th>
                <th scope="col">saved</th>
              </tr>
            </thead>
            <tbody>
              {triggers.map((trigger) => (
                <tr key={trigger.name}>
                  <td>
                    <Link
                      to={triggerPath(trigger.name)}
                      aria-current={trigger.name === name ? 'page' : undefined}
                    >
                      {trigger.name}
                    </Link>
                  </td>
                  <td>{trigger.version}</td>
                  <td>{trigger.definition.enabled ? 'yes' : 'no'}</td>
                  <td className="clip">{trigger.definition.request}</td>
                  <td>
                    <Time at={trigger.createdAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </article>
  )
}
