import { describe, expect, it } from 'vitest'
import {
  authorizeUrl,
  base64Url,
  codeChallenge,
  logoutUrl,
  parseCognitoConfig,
  randomToken,
  readCallback,
  tokenRequestBody,
} from './pkce.ts'

const CONFIG = {
  auth: 'cognito',
  authority: 'https://chorus-dev-123456789012.auth.eu-west-1.amazoncognito.com',
  clientId: '4example0client0id0abcdefgh',
  redirectUri: 'https://d111111abcdef8.cloudfront.net/console/',
} as const

describe('PKCE for the console (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC 7636 appendix B example', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    )
  })

  it('makes verifiers of 43 unreserved characters, different each time', () => {
    const verifiers = new Set(Array.from({ length: 20 }, () => randomToken(32)))
    expect(verifiers.size).toBe(20)
    for (const v of verifiers) expect(v).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('encodes base64url without padding', () => {
    expect(base64Url(new Uint8Array([251, 255, 191]))).toBe('-_-_')
    expect(base64Url(new Uint8Array([1]))).toBe('AQ')
  })

  it('asks Cognito for a code with the S256 challenge and the state', () => {
    const url = new URL(authorizeUrl(CONFIG, 'state-1', 'challenge-1'))
    expect(`${url.origin}${url.pathname}`).toBe(`${CONFIG.authority}/oauth2/authorize`)
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: CONFIG.clientId,
      redirect_uri: CONFIG.redirectUri,
      scope: 'openid email',
      state: 'state-1',
      code_challenge: 'challenge-1',
      code_challenge_method: 'S256',
    })
  })

  it('trades the code with the verifier and no client secret', () => {
    expect(Object.fromEntries(tokenRequestBody(CONFIG, 'code-1', 'verifier-1'))).toEqual({
      grant_type: 'authorization_code',
      client_id: CONFIG.clientId,
      code: 'code-1',
      redirect_uri: CONFIG.redirectUri,
      code_verifier: 'verifier-1',
    })
  })

  it('takes a code only when its state is the one this tab sent', () => {
    const pending = { state: 's-1', verifier: 'v-1' }
    expect(readCallback('?code=c-1&state=s-1', pending)).toEqual({ success: true, code: 'c-1' })
    expect(readCallback('?code=c-1&state=s-2', pending)).toMatchObject({ success: false, error: 'state' })
    expect(readCallback('?code=c-1&state=s-1', undefined)).toMatchObject({ success: false, error: 'missing' })
    expect(readCallback('?error=access_denied&state=s-1', pending)).toMatchObject({
      success: false,
      error: 'denied',
    })
    expect(readCallback('', pending)).toMatchObject({ success: false, error: 'none' })
  })

  it('signs out through the managed login back to the console', () => {
    const url = new URL(logoutUrl(CONFIG))
    expect(url.pathname).toBe('/logout')
    expect(url.searchParams.get('logout_uri')).toBe(CONFIG.redirectUri)
    expect(url.searchParams.get('client_id')).toBe(CONFIG.clientId)
  })

  it('accepts only an https Cognito config, so the local server (no config.json) keeps its dev sign-in', () => {
    expect(parseCognitoConfig({ ...CONFIG, authority: `${CONFIG.authority}/` })).toEqual(CONFIG)
    expect(parseCognitoConfig({ ...CONFIG, redirectUri: 'http://evil.example/console/' })).toBeUndefined()
    expect(parseCognitoConfig({ ...CONFIG, auth: 'dev' })).toBeUndefined()
    expect(parseCognitoConfig(null)).toBeUndefined()
    expect(parseCognitoConfig({ ...CONFIG, clientId: 'a b' })).toBeUndefined()
    expect(parseCognitoConfig({ ...CONFIG, authority: 'not a url' })).toBeUndefined()
  })

  it('takes http only to a loopback host, as OAuth for native apps does (RFC 8252 §8.3)', () => {
    for (const host of ['127.0.0.1:4010', '[::1]:4010', 'localhost:4010']) {
      const local = { ...CONFIG, authority: `http://${host}`, redirectUri: `http://${host}/console/` }
      expect(parseCognitoConfig(local)).toEqual(local)
    }
    for (const host of ['127.0.0.1.evil.example', 'localhost.evil.example', '10.0.0.1', 'example.com']) {
      expect(parseCognitoConfig({ ...CONFIG, authority: `http://${host}` })).toBeUndefined()
      expect(parseCognitoConfig({ ...CONFIG, redirectUri: `http://${host}/console/` })).toBeUndefined()
    }
    expect(parseCognitoConfig({ ...CONFIG, authority: 'ftp://127.0.0.1' })).toBeUndefined()
    expect(
      parseCognitoConfig({ ...CONFIG, redirectUri: 'javascript://localhost/%0aalert(1)' }),
    ).toBeUndefined()
  })
})
