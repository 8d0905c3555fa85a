import { describe, expect, it } from 'vitest'
import { isChorusError } from '#platform/errors/index.ts'
import { loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('applies defaults and resolves the data directory against the working directory', () => {
    const config = loadConfig({}, '/srv/app')
    expect(config.dataDir).toBe('/srv/app/.chorus/data')
    expect(config.port).toBe(3000)
    expect(config.syncBudgetMs).toBe(25_000)
    expect(config.tenantId).toBe('local')
  })

  it('gives every model call a budget of 4 requests unless told otherwise, and at least one', () => {
    expect(loadConfig({}, '/').models.attempts).toEqual({ maxAttempts: 4, backoffMs: 500 })
    expect(
      loadConfig({ CHORUS_MODEL_MAX_ATTEMPTS: '2', CHORUS_MODEL_RETRY_BACKOFF_MS: '50' }, '/').models
        .attempts,
    ).toEqual({ maxAttempts: 2, backoffMs: 50 })
    expect(() => loadConfig({ CHORUS_MODEL_MAX_ATTEMPTS: '0' }, '/')).toThrowError(
      /CHORUS_MODEL_MAX_ATTEMPTS/,
    )
  })

  it('gives the HTTP server short timeouts unless told otherwise, headers within the request', () => {
    expect(loadConfig({}, '/').http.timeouts).toEqual({
      headersMs: 5000,
      requestMs: 10_000,
      keepAliveMs: 5000,
    })
    expect(
      loadConfig({ CHORUS_HTTP_REQUEST_TIMEOUT_MS: '60000', CHORUS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' }, '/')
        .http.timeouts,
    ).toEqual({ headersMs: 5000, requestMs: 60_000, keepAliveMs: 1000 })
    expect(() => loadConfig({ CHORUS_HTTP_REQUEST_TIMEOUT_MS: '1000' }, '/')).toThrowError(
      /CHORUS_HTTP_HEADERS_TIMEOUT_MS: must not exceed CHORUS_HTTP_REQUEST_TIMEOUT_MS/,
    )
    expect(() => loadConfig({ CHORUS_HTTP_HEADERS_TIMEOUT_MS: '0' }, '/')).toThrowError(
      /CHORUS_HTTP_HEADERS_TIMEOUT_MS/,
    )
  })

  it('names every invalid variable in one error', () => {
    const act = () => loadConfig({ CHORUS_PORT: 'abc', CHORUS_TABLE_NAME: 'x' }, '/')
    expect(act).toThrowError(/CHORUS_PORT.*CHORUS_TABLE_NAME/)
    try {
      act()
    } catch (error) {
      expect(isChorusError(error) && error.code).toBe('config.invalid')
    }
  })

  const refusal = (env: Record<string, string>) => {
    try {
      loadConfig(env, '/')
    } catch (error) {
      return isChorusError(error) ? { code: error.code, message: error.message } : { code: 'other' }
    }
    return undefined
  }

  it.each([
    ['an issuer without a JWKS URL', { CHORUS_AUTH_ISSUER: 'https://idp.example' }],
    ['a JWKS URL without an issuer', { CHORUS_AUTH_JWKS_URL: 'https://idp.example/jwks.json' }],
  ])('stops the start on %s, naming both variables', (_, env) => {
    const refused = refusal(env)
    expect(refused?.code).toBe('config.invalid')
    expect(refused?.message).toMatch(
      /CHORUS_AUTH_(ISSUER|JWKS_URL): required with CHORUS_AUTH_(JWKS_URL|ISSUER)/,
    )
    expect(refused?.message).toContain('CHORUS_AUTH_ISSUER')
    expect(refused?.message).toContain('CHORUS_AUTH_JWKS_URL')
  })

  it('refuses an audience without an outside issuer', () => {
    expect(refusal({ CHORUS_AUTH_AUDIENCE: 'chorus-api' })?.message).toContain(
      'CHORUS_AUTH_AUDIENCE: only applies with CHORUS_AUTH_ISSUER and CHORUS_AUTH_JWKS_URL',
    )
  })

  it('names a half auth pair together with the other bad variables', () => {
    expect(refusal({ CHORUS_AUTH_ISSUER: 'https://idp.example', CHORUS_PORT: 'abc' })?.message).toMatch(
      /CHORUS_PORT: .*; CHORUS_AUTH_JWKS_URL: required with CHORUS_AUTH_ISSUER/,
    )
  })

  const OUTSIDE = {
    CHORUS_AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example',
    CHORUS_AUTH_JWKS_URL:
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example/.well-known/jwks.json',
  }

  it("takes the console's Cognito sign-in with an outside issuer: domain, app client, redirect URI", () => {
    expect(loadConfig(OUTSIDE, '/').consoleSignIn).toBeUndefined()
    expect(
      loadConfig(
        {
          ...OUTSIDE,
          CHORUS_CONSOLE_AUTH_DOMAIN: 'https://chorus-dev.auth.eu-west-1.amazoncognito.com/',
          CHORUS_CONSOLE_CLIENT_ID: '6c0ns0le0c1ient0id0abcdefg',
        },
        '/',
      ).consoleSignIn,
    ).toEqual({
      authority: 'https://chorus-dev.auth.eu-west-1.amazoncognito.com',
      clientId: '6c0ns0le0c1ient0id0abcdefg',
    })
    expect(
      loadConfig(
        {
          ...OUTSIDE,
          CHORUS_CONSOLE_AUTH_DOMAIN: 'http://127.0.0.1:4010',
          CHORUS_CONSOLE_CLIENT_ID: 'console',
          CHORUS_CONSOLE_REDIRECT_URI: 'http://localhost:3000/console/',
        },
        '/',
      ).consoleSignIn,
    ).toEqual({
      authority: 'http://127.0.0.1:4010',
      clientId: 'console',
      redirectUri: 'http://localhost:3000/console/',
    })
  })

  it('refuses a half console sign-in, one without an outside issuer, and http beyond this machine', () => {
    expect(refusal({ ...OUTSIDE, CHORUS_CONSOLE_CLIENT_ID: 'console' })?.message).toContain(
      'CHORUS_CONSOLE_AUTH_DOMAIN / CHORUS_CONSOLE_CLIENT_ID: set both',
    )
    expect(
      refusal({ CHORUS_CONSOLE_AUTH_DOMAIN: 'https://idp.example', CHORUS_CONSOLE_CLIENT_ID: 'console' })
        ?.message,
    ).toContain('CHORUS_CONSOLE_AUTH_DOMAIN: needs CHORUS_AUTH_ISSUER')
    const plain = refusal({
      ...OUTSIDE,
      CHORUS_CONSOLE_AUTH_DOMAIN: 'http://idp.example',
      CHORUS_CONSOLE_CLIENT_ID: 'console',
      CHORUS_CONSOLE_REDIRECT_URI: 'http://192.168.1.20:3000/console/',
    })
    expect(plain?.code).toBe('config.invalid')
    expect(plain?.message).toContain('CHORUS_CONSOLE_AUTH_DOMAIN: must be https, or http to 127.0.0.1')
    expect(plain?.message).toContain('CHORUS_CONSOLE_REDIRECT_URI: must be https, or http to 127.0.0.1')
    expect(
      refusal({
        ...OUTSIDE,
        CHORUS_CONSOLE_AUTH_DOMAIN: 'https://idp.example',
        CHORUS_CONSOLE_CLIENT_ID: 'a b',
      })?.message,
    ).toContain('CHORUS_CONSOLE_CLIENT_ID')
  })

  it('takes an outside issuer with its JWKS URL and audience', () => {
    const config = loadConfig(
      {
        CHORUS_AUTH_ISSUER: 'https://idp.example',
        CHORUS_AUTH_JWKS_URL: 'https://idp.example/jwks.json',
        CHORUS_AUTH_AUDIENCE: 'chorus-api',
      },
      '/',
    )
    expect(config.auth).toEqual({
      issuer: 'https://idp.example',
      jwksUrl: 'https://idp.example/jwks.json',
      audience: 'chorus-api',
      tenantClaim: 'custom:tenant',
    })
  })
})
