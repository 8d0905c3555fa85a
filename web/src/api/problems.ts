/** One problem the API named, by the field it is about. */
export interface FieldProblem {
  /** The field path in the request body (`tools.1`, `model.temperature`), `''` for the body as a whole. */
  path: string
  message: string
}

/**
 * The API's 400 problems (`body.tools.1: unknown tool "x"`, ADR 0011's shape for teams and triggers)
 * with their field paths: `body.` is dropped, anything without a path is about the whole body.
 */
export const parseProblems = (problems: readonly string[]): FieldProblem[] =>
  problems.map((problem) => {
    const match = /^body(?:\.([^:\s]+))?: ([\s\S]*)$/.exec(problem)
    return match ? { path: match[1] ?? '', message: match[2] ?? '' } : { path: '', message: problem }
  })

/**
 * Problems sorted to the form's fields: each goes to the field whose path is the longest prefix of its
 * own (`tools.1` → `tools`, `prompt.prompt` → `prompt.prompt` or else `prompt`); the rest, under `''`.
 */
export const problemsByField = (
  problems: readonly FieldProblem[],
  fields: readonly string[],
): Map<string, string[]> => {
  const byField = new Map<string, string[]>()
  for (const { path, message } of problems) {
    const field =
      fields
        .filter((name) => path === name || path.startsWith(`${name}.`))
        .sort((a, b) => b.length - a.length)[0] ?? ''
    byField.set(field, [...(byField.get(field) ?? []), message])
  }
  return byField
}

/**
 * The problems of a refused request, by field: the `problems` list where the API gives one (teams,
 * triggers), else the `body.x: …; body.y: …` parts of its message (any other body it checks).
 */
export const problemsOfFailure = (failure: { problems: readonly string[]; message: string }) =>
  parseProblems(
    failure.problems.length > 0
      ? failure.problems
      : /^body[.:]/.test(failure.message)
        ? failure.message.split(/; (?=body[.:])/)
        : [failure.message],
  )
