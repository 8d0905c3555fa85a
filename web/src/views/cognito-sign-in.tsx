import { type FormEvent, useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import { setSession, tenantOfToken } from '../api/session.ts'
import { completeCognitoSignIn, keepIdToken, pendingIdToken, startCognitoSignIn } from '../auth/cognito.ts'
import type { CognitoConfig } from '../auth/pkce.ts'
import { ErrorNote } from '../ui.tsx'

/**
 * Sign-in on AWS (ADR 0034): Cognito's managed login (authorization code with PKCE) gives the ID
 * token; the tenant's API key is then asked once, checked by one call to the API, and both are kept
 * for this tab like any session.
 */
export const CognitoSignIn = ({ config }: { config: CognitoConfig }) => {
  const [idToken, setIdToken] = useState(pendingIdToken)
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    completeCognitoSignIn(config).then((token) => {
      if (!token) return
      keepIdToken(token)
      setIdToken(token)
    }, setError)
  }, [config])

  const withKey = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!idToken) return
    const apiKey = String(new FormData(event.currentTarget).get('apiKey') ?? '').trim()
    setBusy(true)
    setError(undefined)
    try {
      const { response } = await api.GET('/runs', {
        params: { query: { limit: 1 } },
        headers: { authorization: `Bearer ${idToken}`, 'x-api-key': apiKey },
      })
      if (response.status === 401) {
        keepIdToken(undefined)
        setIdToken(undefined)
        throw new Error('the sign-in has expired: sign in again')
      }
      if (!response.ok) throw new Error(`the API refused this key (${response.status})`)
      keepIdToken(undefined)
      setSession({ tenantId: tenantOfToken(idToken) ?? 'unknown', token: idToken, apiKey, via: 'cognito' })
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="panel" aria-labelledby="cognito-heading">
      <h2 id="cognito-heading">Sign in</h2>
      {idToken ? (
        <form onSubmit={(e) => void withKey(e)}>
          <p>
            Signed in as tenant <strong>{tenantOfToken(idToken) ?? 'unknown'}</strong>. Give your tenant's API
            key.
          </p>
          <label>
            API key
            <input name="apiKey" type="password" autoComplete="off" required />
          </label>
          <button type="submit" disabled={busy}>
            Open the console
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => void startCognitoSignIn(config).catch(setError)}>
          Sign in with Cognito
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  )
}
