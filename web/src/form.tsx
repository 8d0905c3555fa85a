import type { ReactNode } from 'react'

/** The id of a field's error text, for `aria-describedby`. */
export const problemId = (form: string, field: string) => `${form}-${field.replaceAll('.', '-')}-problem`

/** The ARIA a field's control needs: invalid while the API names a problem with it, described by the problem. */
export const fieldAria = (form: string, field: string, problems: Map<string, string[]>) =>
  problems.has(field)
    ? { 'aria-invalid': true as const, 'aria-describedby': problemId(form, field) }
    : { 'aria-invalid': false as const }

/**
 * A labelled control with the API's problems about it right below, tied to it by `aria-describedby`
 * (a screen reader reads them with the field; `data-field` lets a test find them).
 */
export const Field = ({
  form,
  name,
  label,
  hint,
  problems,
  children,
}: {
  form: string
  name: string
  label: string
  hint?: string
  problems: Map<string, string[]>
  children: ReactNode
}) => (
  <div className="field" data-field={name}>
    {/* biome-ignore lint/a11y/noLabelWithoutControl: the control is the child, which the label wraps */}
    <label>
      {label}
      {children}
    </label>
    {hint ? <span className="hint">{hint}</span> : null}
    {problems.has(name) ? (
      <ul className="field-problems error" id={problemId(form, name)}>
        {(problems.get(name) ?? []).map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    ) : null}
  </div>
)

/** Problems of a form that no field owns (or a failure with none), announced. */
export const FormProblems = ({ problems }: { problems: readonly string[] }) =>
  problems.length > 0 ? (
    <div className="error" role="alert" data-testid="form-problems">
      <p>The API refused this:</p>
      <ul>
        {problems.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  ) : null
