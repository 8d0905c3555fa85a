import {
  authorizeUrl,
  type CognitoConfig,
  codeChallenge,
  logoutUrl,
  type PendingSignIn,
  parseCognitoConfig,
  randomToken,
  readCallback,
  tokenRequestBody,
} from './pkce.ts'

const PENDING = 'chorus.console.pkce'

/** The console's sign-in on AWS, from `config.json` beside its page; undefined on the local server (its config names the dev sign-in). */
export const loadCognitoConfig = async (): Promise<CognitoConfig | undefined> => {
  try {
    const response = await fetch('/console/config.json', { cache: 'no-store' })
    return response.ok ? parseCognitoConfig(await response.json()) : undefined
  } catch {
    return undefined
  }
}

/** Sends the tab to Cognito's managed login; the verifier and state wait in this tab's `sessionStorage`. */
export const startCognitoSignIn = async (config: CognitoConfig): Promise<void> => {
  const pending: PendingSignIn = { state: randomToken(16), verifier: randomToken(32) }
  sessionStorage.setItem(PENDING, JSON.stringify(pending))
  window.location.assign(authorizeUrl(config, pending.state, await codeChallenge(pending.verifier)))
}

const takePending = (): PendingSignIn | undefined => {
  const stored = sessionStorage.getItem(PENDING)
  sessionStorage.removeItem(PENDING)
  try {
    const value = JSON.parse(stored ?? 'null') as PendingSignIn | null
    return value?.state && value.verifier ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * On the way back from Cognito: checks the state, trades the code and the verifier for tokens at the
 * token endpoint and answers the ID token (the API's authorizer reads `custom:tenant` from it).
 * Undefined when the address carries no answer; throws when the answer is refused.
 */
export const completeCognitoSignIn = async (config: CognitoConfig): Promise<string | undefined> => {
  const pending = takePending()
  const callback = readCallback(window.location.search, pending)
  if (!callback.success && callback.error === 'none') return undefined
  window.history.replaceState(null, '', window.location.pathname)
  if (!callback.success || !pending)
    throw new Error(`sign-in refused: ${callback.success ? 'no verifier' : callback.message}`)
  const response = await fetch(`${config.authority}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(config, callback.code, pending.verifier),
    credentials: 'omit',
  })
  const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown }
  if (!response.ok || typeof body.id_token !== 'string')
    throw new Error(
      `the token endpoint answered ${response.status}${body.error ? ` (${String(body.error)})` : ''}`,
    )
  return body.id_token
}

/** Ends the Cognito session too (the console's own session is closed by the caller). */
export const cognitoSignOut = (config: CognitoConfig): void => window.location.assign(logoutUrl(config))

const ID_TOKEN = 'chorus.console.idToken'

/** The ID token from Cognito, kept for this tab until the API key is given with it. */
export const pendingIdToken = (): string | undefined => sessionStorage.getItem(ID_TOKEN) ?? undefined

/** Keeps (or, with undefined, drops) the ID token between Cognito's answer and the API key. */
export const keepIdToken = (token: string | undefined): void => {
  if (token) sessionStorage.setItem(ID_TOKEN, token)
  else sessionStorage.removeItem(ID_TOKEN)
}

/** Signs out of Cognito's managed login too, when the console runs on AWS. */
export const signOutOfCognito = async (): Promise<void> => {
  keepIdToken(undefined)
  const config = await loadCognitoConfig()
  if (config) cognitoSignOut(config)
}
