/** Where the console signs in on AWS: written next to its files by the deployment (`console/config.json`). */
export interface CognitoConfig {
  auth: 'cognito'
  /** The Cognito domain, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  authority: string
  clientId: string
  /** The console's page on the distribution; also the sign-out URL. */
  redirectUri: string
}

/** What the page keeps in `sessionStorage` between the redirect to Cognito and the way back. */
export interface PendingSignIn {
  state: string
  verifier: string
}

/** Names of this machine, where plain http stays on the machine (RFC 8252 §7.3, §8.3). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost'])

/** An https URL, or an http one to a loopback host (a local server and provider; never across a network). */
const secureUrl = (value: unknown): value is string => {
  if (typeof value !== 'string') return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))
  } catch {
    return false
  }
}

/**
 * Parses `config.json`; undefined when it is not a Cognito config (the local server's names the dev sign-in
 * unless it is given one). Both URLs must be https, or http to a loopback host only.
 */
export const parseCognitoConfig = (value: unknown): CognitoConfig | undefined => {
  if (typeof value !== 'object' || value === null) return undefined
  const v = value as Record<string, unknown>
  if (v.auth !== 'cognito' || typeof v.clientId !== 'string' || !/^[\w+]{1,128}$/.test(v.clientId))
    return undefined
  if (!secureUrl(v.authority) || !secureUrl(v.redirectUri)) return undefined
  return {
    auth: 'cognito',
    authority: v.authority.replace(/\/+$/, ''),
    clientId: v.clientId,
    redirectUri: v.redirectUri,
  }
}

/** Base64url without padding (RFC 4648 §5), as PKCE wants it. */
export const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

/** A random string of `bytes` bytes, base64url: 32 bytes make a 43-character PKCE verifier (RFC 7636 §4.1). */
export const randomToken = (bytes = 32): string => base64Url(crypto.getRandomValues(new Uint8Array(bytes)))

/** The S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))) (RFC 7636 §4.2). */
export const codeChallenge = async (verifier: string): Promise<string> =>
  base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))))

/** The managed login's authorize URL for a code with PKCE. */
export const authorizeUrl = (config: CognitoConfig, state: string, challenge: string): string => {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })
  return `${config.authority}/oauth2/authorize?${query}`
}

/** The token endpoint's form body that trades a code for tokens (a public client: no secret, the verifier). */
export const tokenRequestBody = (config: CognitoConfig, code: string, verifier: string): URLSearchParams =>
  new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code,
    redirect_uri: config.redirectUri,
    code_verifier: verifier,
  })

/** What came back on the redirect: a code whose state matches the pending one, or why not. */
export type Callback =
  | { success: true; code: string }
  | { success: false; error: 'none' | 'denied' | 'state' | 'missing'; message: string }

/**
 * Reads the query of the redirect back from Cognito. The state must equal the one this tab sent
 * (else another site started the flow: refused), and is good once (the caller drops the pending one).
 */
export const readCallback = (search: string, pending: PendingSignIn | undefined): Callback => {
  const query = new URLSearchParams(search)
  const code = query.get('code')
  const error = query.get('error')
  if (!code && !error) return { success: false, error: 'none', message: 'no sign-in in progress' }
  if (error) return { success: false, error: 'denied', message: query.get('error_description') ?? error }
  if (!pending) return { success: false, error: 'missing', message: 'this tab started no sign-in' }
  if (query.get('state') !== pending.state)
    return { success: false, error: 'state', message: 'the sign-in answer is not for this tab' }
  return { success: true, code: code as string }
}

/** The managed login's sign-out URL: ends the Cognito session, then comes back to the console. */
export const logoutUrl = (config: CognitoConfig): string =>
  `${config.authority}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri })}`
