import { type FormEvent, useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import { devSignIn, setSession, tenantOfToken } from '../api/session.ts'
import { loadCognitoConfig } from '../auth/cognito.ts'
import type { CognitoConfig } from '../auth/pkce.ts'
import { ErrorNote } from '../ui.tsx'
import { CognitoSignIn } from './cognito-sign-in.tsx'

/**
 * Sign-in: on the embedded default one button takes the dev identity from this server (no token copied);
 * otherwise a bearer token and an API key, checked by one call to the API before they are kept.
 */
export const SignIn = () => {
  const [error, setError] = useState<unknown>()
  const [busy, setBusy] = useState(false)
  // On AWS the deployment writes config.json beside the page: sign in with Cognito (ADR 0034).
  const [cognito, setCognito] = useState<CognitoConfig | null>()
  useEffect(() => {
    void loadCognitoConfig().then((config) => setCognito(config ?? null))
  }, [])

  const dev = async () => {
    setBusy(true)
    setError(undefined)
    try {
      setSession(await devSignIn())
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  const withToken = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const token = String(form.get('token') ?? '').trim()
    const apiKey = String(form.get('apiKey') ?? '').trim()
    setBusy(true)
    setError(undefined)
    try {
      const { response, error: refused } = await api.GET('/runs', {
        params: { query: { limit: 1 } },
        headers: { authorization: `Bearer ${token}`, 'x-api-key': apiKey },
      })
      if (!response.ok)
        throw new Error((refused as { error?: { message?: string } })?.error?.message ?? 'refused')
      setSession({ tenantId: tenantOfToken(token) ?? 'unknown', token, apiKey, via: 'token' })
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="sign-in" id="main">
      <h1>Chorus console</h1>
      {cognito && <CognitoSignIn config={cognito} />}
      <section className="panel" aria-labelledby="dev-heading" hidden={cognito !== null}>
        <h2 id="dev-heading">On this machine</h2>
        <p>Use the development identity of this Chorus (the tenant it was started with).</p>
        <button type="button" onClick={() => void dev()} disabled={busy}>
          Sign in with the dev identity
        </button>
      </section>
      <section className="panel" aria-labelledby="token-heading">
        <h2 id="token-heading">With a token</h2>
        <p className="muted">
          Another tenant, or tokens of an identity provider: paste a bearer token and its tenant's API key (
          <code>npx chorus env --tenant &lt;id&gt;</code> prints them).
        </p>
        <form onSubmit={(e) => void withToken(e)}>
          <label>
            Bearer token
            <input name="token" type="password" autoComplete="off" required />
          </label>
          <label>
            API key
            <input name="apiKey" type="password" autoComplete="off" required />
          </label>
          <button type="submit" disabled={busy}>
            Sign in with this token
          </button>
        </form>
      </section>
      <ErrorNote error={error} />
      <p>
        <a href="/reference">API reference</a> (no sign-in needed)
      </p>
    </main>
  )
}
