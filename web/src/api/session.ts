/** Who the console acts as: a tenant's bearer token and API key, kept for this browser tab only. */
export interface Session {
  tenantId: string
  token: string
  apiKey: string
  /** How the session was opened: the dev sign-in of the local server, a pasted token, or Cognito on AWS. */
  via: 'dev' | 'token' | 'cognito'
}

const KEY = 'chorus.console.session'
const listeners = new Set<() => void>()

const read = (): Session | undefined => {
  try {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null
    return stored?.token && stored.apiKey ? stored : undefined
  } catch {
    return undefined
  }
}

let current = read()

/** The session in use, if any. */
export const getSession = () => current

/** Opens (or, with undefined, closes) the session and tells every subscriber. */
export const setSession = (session: Session | undefined) => {
  current = session
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session))
  else sessionStorage.removeItem(KEY)
  for (const listener of listeners) listener()
}

/** Calls `listener` whenever the session changes; returns the unsubscribe function (for useSyncExternalStore). */
export const subscribeSession = (listener: () => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The headers that authenticate a call to the API. */
export const authHeaders = (session: Session): Record<string, string> => ({
  authorization: `Bearer ${session.token}`,
  'x-api-key': session.apiKey,
})

/** The tenant a token names (claim `custom:tenant`, the default), read without checking it: the server checks. */
export const tenantOfToken = (token: string): string | undefined => {
  try {
    const payload = token.split('.')[1] ?? ''
    const json = atob(payload.replaceAll('-', '+').replaceAll('_', '/'))
    const claims = JSON.parse(json) as Record<string, unknown>
    const tenant = claims['custom:tenant'] ?? claims.tenant
    return typeof tenant === 'string' ? tenant : undefined
  } catch {
    return undefined
  }
}

/**
 * The dev sign-in of the local server (`POST /console/session`): it answers only the console's own page
 * (same origin, this machine), with the dev tenant's API key and a fresh token.
 */
export const devSignIn = async (): Promise<Session> => {
  const response = await fetch('/console/session', { method: 'POST', credentials: 'omit' })
  const body = (await response.json().catch(() => ({}))) as {
    tenantId?: string
    token?: string
    apiKey?: string
    error?: { message?: string }
  }
  if (!response.ok || !body.token || !body.apiKey || !body.tenantId)
    throw new Error(body.error?.message ?? `the dev sign-in answered ${response.status}`)
  return { tenantId: body.tenantId, token: body.token, apiKey: body.apiKey, via: 'dev' }
}
