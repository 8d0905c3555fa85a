/** One finding of `chorus doctor`: what was checked, what was found, and what to do when it is not right. */
export interface Check {
  name: string
  ok: boolean
  detail: string
  /** What to do; set when `ok` is false. */
  fix?: string
}

export const ok = (name: string, detail: string): Check => ({ name, ok: true, detail })
export const fix = (name: string, detail: string, what: string): Check => ({
  name,
  ok: false,
  detail,
  fix: what,
})

/** `ok   node: v22.23.3`, or `fix  model: <found>; fix: <what to do>`. */
export const lineOf = (check: Check) =>
  check.ok ? `ok   ${check.name}: ${check.detail}` : `fix  ${check.name}: ${check.detail}; fix: ${check.fix}`

/** Why a fetch failed, as a person reads it (`ECONNREFUSED`, a timeout, a DNS failure). */
export const reasonOf = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if ((error as Error).name === 'TimeoutError') return 'no answer within 10 s'
  return cause?.code ?? cause?.message ?? (error as Error).message
}
