import { type FormEvent, useEffect, useRef, useState } from 'react'
import { ApiFailure, api, must, type TeamDefinition, type TeamRecord } from '../api/client.ts'
import { problemsByField, problemsOfFailure } from '../api/problems.ts'
import { Field, FormProblems, fieldAria } from '../form.tsx'

const FORM = 'team'
/** The fields of the form by the API's field paths, so each problem lands beside its own. */
const FIELDS = [
  'name',
  'description',
  'shape',
  'prompt',
  'prompt.prompt',
  'prompt.version',
  'model.name',
  'model.temperature',
  'tools',
  'maxIterations',
  'module',
  'export',
  'outputSchema',
  'requiresApproval',
] as const

type Shape = TeamDefinition['shape']

/** What the form holds: text as typed, turned into a definition only when sent. */
interface Draft {
  name: string
  description: string
  shape: Shape
  promptSource: 'inline' | 'stored'
  prompt: string
  promptName: string
  promptVersion: string
  modelName: string
  temperature: string
  tools: string
  maxIterations: string
  module: string
  exportName: string
  outputSchema: string
  requiresApproval: boolean
}

const draftOf = (team?: TeamDefinition): Draft => {
  const prompt = team && team.shape !== 'custom' ? team.prompt : undefined
  return {
    name: team?.name ?? '',
    description: team?.description ?? '',
    shape: team?.shape ?? 'llm',
    promptSource: typeof prompt === 'object' ? 'stored' : 'inline',
    prompt: typeof prompt === 'string' ? prompt : '',
    promptName: typeof prompt === 'object' ? prompt.prompt : '',
    promptVersion: typeof prompt === 'object' && prompt.version !== undefined ? String(prompt.version) : '',
    modelName: team?.model?.name ?? '',
    temperature: team?.model?.temperature !== undefined ? String(team.model.temperature) : '',
    tools: (team?.tools ?? []).join(', '),
    maxIterations: team?.shape === 'agent' ? String(team.maxIterations) : '',
    module: team?.shape === 'custom' ? team.module : '',
    exportName: team?.shape === 'custom' ? team.export : '',
    outputSchema: team?.outputSchema ? JSON.stringify(team.outputSchema, null, 2) : '',
    requiresApproval: team?.requiresApproval ?? false,
  }
}

/** A number as typed: a number when it reads as one, else the text, so the API names the mistake. */
const numberOr = (text: string) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text)

/** The body sent to the API: only what was filled in; the API checks everything (and says what is wrong). */
const bodyOf = (draft: Draft): { body?: Record<string, unknown>; problem?: string } => {
  let outputSchema: unknown
  if (draft.outputSchema.trim()) {
    try {
      outputSchema = JSON.parse(draft.outputSchema)
    } catch (failure) {
      return { problem: `not JSON: ${(failure as Error).message}` }
    }
  }
  const model = {
    ...(draft.modelName.trim() ? { name: draft.modelName.trim() } : {}),
    ...(draft.temperature.trim() ? { temperature: numberOr(draft.temperature) } : {}),
  }
  const prompt =
    draft.promptSource === 'stored'
      ? {
          prompt: draft.promptName.trim(),
          ...(draft.promptVersion.trim() ? { version: numberOr(draft.promptVersion) } : {}),
        }
      : draft.prompt
  const tools = draft.tools
    .split(',')
    .map((tool) => tool.trim())
    .filter(Boolean)
  return {
    body: {
      name: draft.name.trim(),
      description: draft.description,
      shape: draft.shape,
      ...(draft.shape === 'custom'
        ? {
            module: draft.module.trim(),
            ...(draft.exportName.trim() ? { export: draft.exportName.trim() } : {}),
          }
        : { prompt }),
      ...(draft.shape === 'agent' && draft.maxIterations.trim()
        ? { maxIterations: numberOr(draft.maxIterations) }
        : {}),
      ...(Object.keys(model).length > 0 ? { model } : {}),
      tools,
      ...(outputSchema !== undefined ? { outputSchema } : {}),
      ...(draft.requiresApproval ? { requiresApproval: true } : {}),
    },
  }
}

/**
 * Creates a team (`POST /teams`) or saves a new version of one (`PUT /teams/{name}`). The API validates: each
 * problem of its `team.invalid` answer is shown beside the field its path names, the first such field takes
 * the focus, and problems no field owns are listed above the buttons.
 */
export const TeamForm = ({
  team,
  onSaved,
  onCancel,
}: {
  team?: TeamRecord
  onSaved: (saved: TeamRecord) => void
  onCancel: () => void
}) => {
  const [draft, setDraft] = useState(() => draftOf(team?.definition))
  const [problems, setProblems] = useState(new Map<string, string[]>())
  const [busy, setBusy] = useState(false)
  const [tools, setTools] = useState<string[]>([])
  const form = useRef<HTMLFormElement>(null)
  const editing = team !== undefined
  useEffect(() => {
    must(api.GET('/tools')).then(
      (list) => setTools(list.tools.map((tool) => tool.name)),
      () => setTools([]),
    )
  }, [])
  // After a refusal, the first field with a problem takes the focus (its problem is read with it).
  useEffect(() => {
    void problems
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [problems])

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((current) => ({ ...current, [key]: value }))
  const text = (key: keyof Draft) => ({
    value: draft[key] as string,
    onChange: (event: { target: { value: string } }) => set(key)(event.target.value as never),
  })
  const aria = (field: string) => fieldAria(FORM, field, problems)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const { body, problem } = bodyOf(draft)
    if (!body) {
      setProblems(new Map([['outputSchema', [problem ?? 'invalid']]]))
      return
    }
    setBusy(true)
    setProblems(new Map())
    try {
      const saved = editing
        ? await must(api.PUT('/teams/{name}', { params: { path: { name: team.name } }, body: body as never }))
        : await must(api.POST('/teams', { body: body as never }))
      onSaved(saved)
    } catch (failure) {
      const found =
        failure instanceof ApiFailure && failure.status === 400
          ? problemsByField(problemsOfFailure(failure), FIELDS)
          : failure instanceof ApiFailure && failure.code === 'team.exists'
            ? new Map([['name', [failure.message]]])
            : new Map([['', [failure instanceof Error ? failure.message : String(failure)]]])
      setProblems(found)
    } finally {
      setBusy(false)
    }
  }

  const owned = [...problems.entries()].filter(([field]) => field !== '').length
  return (
    <form
      ref={form}
      className="definition-form"
      aria-label={editing ? `Edit team ${team.name}` : 'New team'}
      onSubmit={(event) => void save(event)}
      noValidate
    >
      <Field
        form={FORM}
        name="name"
        label="Name"
        hint="a lowercase slug, e.g. summariser"
        problems={problems}
      >
        <input {...text('name')} readOnly={editing} autoComplete="off" {...aria('name')} />
      </Field>
      <Field
        form={FORM}
        name="description"
        label="Description"
        hint="what the team is for: the planner reads it"
        problems={problems}
      >
        <textarea {...text('description')} rows={2} {...aria('description')} />
      </Field>
      <Field form={FORM} name="shape" label="Shape" problems={problems}>
        <select
          value={draft.shape}
          onChange={(e) => set('shape')(e.target.value as Shape)}
          {...aria('shape')}
        >
          <option value="llm">llm: a template and one model call</option>
          <option value="agent">agent: a tool-using loop</option>
          <option value="custom">custom: a graph module</option>
        </select>
      </Field>
      {draft.shape !== 'custom' ? (
        <fieldset>
          <legend>Prompt</legend>
          <div className="choices">
            <label className="check">
              <input
                type="radio"
                name="prompt-source"
                checked={draft.promptSource === 'inline'}
                onChange={() => set('promptSource')('inline')}
              />
              written here
            </label>
            <label className="check">
              <input
                type="radio"
                name="prompt-source"
                checked={draft.promptSource === 'stored'}
                onChange={() => set('promptSource')('stored')}
              />
              a stored prompt
            </label>
          </div>
          {draft.promptSource === 'inline' ? (
            <Field
              form={FORM}
              name="prompt"
              label="Prompt template"
              hint="placeholders: {{goal}}, {{instruction}}, {{inputs}}"
              problems={problems}
            >
              <textarea {...text('prompt')} rows={4} className="code" {...aria('prompt')} />
            </Field>
          ) : (
            <div className="field-row">
              <Field form={FORM} name="prompt.prompt" label="Stored prompt name" problems={problems}>
                <input {...text('promptName')} autoComplete="off" {...aria('prompt.prompt')} />
              </Field>
              <Field
                form={FORM}
                name="prompt.version"
                label="Version"
                hint="empty: the latest"
                problems={problems}
              >
                <input {...text('promptVersion')} inputMode="numeric" {...aria('prompt.version')} />
              </Field>
            </div>
          )}
          {problems.has('prompt') && draft.promptSource === 'stored' ? (
            <p className="error">{problems.get('prompt')?.join('; ')}</p>
          ) : null}
        </fieldset>
      ) : (
        <div className="field-row">
          <Field
            form={FORM}
            name="module"
            label="Module"
            hint="relative to an allowlisted directory"
            problems={problems}
          >
            <input {...text('module')} autoComplete="off" {...aria('module')} />
          </Field>
          <Field form={FORM} name="export" label="Export" hint="empty: createGraph" problems={problems}>
            <input {...text('exportName')} autoComplete="off" {...aria('export')} />
          </Field>
        </div>
      )}
      <div className="field-row">
        <Field form={FORM} name="model.name" label="Model" hint="empty: the default" problems={problems}>
          <input {...text('modelName')} autoComplete="off" {...aria('model.name')} />
        </Field>
        <Field form={FORM} name="model.temperature" label="Temperature" hint="0 to 2" problems={problems}>
          <input {...text('temperature')} inputMode="decimal" {...aria('model.temperature')} />
        </Field>
        {draft.shape === 'agent' ? (
          <Field form={FORM} name="maxIterations" label="Max iterations" hint="1 to 25" problems={problems}>
            <input {...text('maxIterations')} inputMode="numeric" {...aria('maxIterations')} />
          </Field>
        ) : null}
      </div>
      <Field
        form={FORM}
        name="tools"
        label="Tools"
        hint={`comma-separated; this tenant has ${tools.length ? tools.join(', ') : 'none'}`}
        problems={problems}
      >
        <input {...text('tools')} autoComplete="off" {...aria('tools')} />
      </Field>
      <Field
        form={FORM}
        name="outputSchema"
        label="Output schema (JSON Schema, optional)"
        problems={problems}
      >
        <textarea {...text('outputSchema')} rows={3} className="code" {...aria('outputSchema')} />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.requiresApproval}
          onChange={(e) => set('requiresApproval')(e.target.checked)}
        />
        Plans using this team wait for approval
      </label>
      {problems.size > 0 && owned > 0 ? (
        <p className="error" role="alert">
          The API refused the team:{' '}
          {owned === 1 ? 'one field has a problem' : `${owned} fields have problems`}, shown beside{' '}
          {owned === 1 ? 'it' : 'them'}.
        </p>
      ) : null}
      <FormProblems problems={problems.get('') ?? []} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {editing ? 'Save new version' : 'Create team'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  )
}
