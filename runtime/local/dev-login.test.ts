import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadDevSigner, readCredentialsFile, saveTenantCredentials } from '#platform/auth/index.ts'
import { isChorusError } from '#platform/errors/index.ts'
import { loadConfig } from './config.ts'
import { devLogin } from './dev-login.ts'

describe('devLogin on a tenant that has credentials (no store needed)', () => {
  let dataDir: string
  let auth: string
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'chorus-login-'))
    auth = join(dataDir, 'auth')
  })
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))
  const config = (env: Record<string, string> = {}) => loadConfig({ CHORUS_DATA_DIR: dataDir, ...env }, '/')
  const file = () => join(auth, 'credentials.json')

  it('renews a token about to expire with the dev key, keeping the API key and the other tenants', async () => {
    const signer = await loadDevSigner(auth, 'custom:tenant')
    const stale = await signer.mintToken({ tenantId: 'alpha', expiresInSeconds: 3600 })
    await saveTenantCredentials(file(), 'alpha', { token: stale, apiKey: 'ck_alpha' })
    await saveTenantCredentials(file(), 'beta', { token: 'beta-token', apiKey: 'ck_beta' }, { select: true })

    const done = await devLogin(config(), 'alpha')
    expect(done).toMatchObject({ action: 'renewed', apiKey: 'ck_alpha', tenants: ['alpha', 'beta'] })
    const { payload } = await jwtVerify(done.token, createLocalJWKSet(signer.jwks))
    expect(payload['custom:tenant']).toBe('alpha')
    expect(decodeJwt(done.token).exp ?? 0).toBeGreaterThan(Date.now() / 1000 + 7 * 24 * 3600)
    const stored = await readCredentialsFile(file())
    expect(stored).toMatchObject({
      selected: 'alpha',
      tenants: { beta: { token: 'beta-token', apiKey: 'ck_beta' } },
    })
    expect(stored.tenants.alpha).toEqual({ token: done.token, apiKey: 'ck_alpha' })
  })

  it('only selects a tenant whose token is live', async () => {
    const signer = await loadDevSigner(auth, 'custom:tenant')
    const live = await signer.mintToken({ tenantId: 'alpha' })
    await saveTenantCredentials(file(), 'alpha', { token: live, apiKey: 'ck_alpha' })
    expect(await devLogin(config(), 'alpha')).toMatchObject({ action: 'selected', token: live })
  })

  it('never creates a signing key a running server would not know', async () => {
    await saveTenantCredentials(file(), 'alpha', { token: 'expired', apiKey: 'ck_alpha' })
    const error = await devLogin(config(), 'alpha').catch((e: unknown) => e)
    expect(isChorusError(error) && error.message).toMatch(/no dev signing key/)
  })

  it('is refused when an outside identity provider issues the tokens', async () => {
    const error = await devLogin(
      config({ CHORUS_AUTH_ISSUER: 'https://idp.example', CHORUS_AUTH_JWKS_URL: 'https://idp.example/jwks' }),
      'alpha',
    ).catch((e: unknown) => e)
    expect(isChorusError(error) && error.message).toMatch(/tokens come from https:\/\/idp\.example/)
  })
})
