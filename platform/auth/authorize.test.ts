import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiKeyRecord, ApiKeyStore } from '#platform/store/index.ts'
import { issueApiKey } from './api-key.ts'
import { makeAuthorizer } from './authorize.ts'
import { type DevIdentity, ensureDevIdentity, signToken } from './dev-identity.ts'
import { makeJwtVerifier } from './jwt-verifier.ts'

const memoryKeys = (): ApiKeyStore & { records: Map<string, ApiKeyRecord> } => {
  const records = new Map<string, ApiKeyRecord>()
  return {
    records,
    put: async (record) => {
      const id = `${record.tenantId}/${record.keyId}`
      if (records.has(id)) return false
      records.set(id, { ...record, createdAt: new Date().toISOString() })
      return true
    },
    get: async (tenantId, keyId) => records.get(`${tenantId}/${keyId}`),
  }
}

describe('authorize: bearer JWT against a JWKS, then an API key of the same tenant', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-auth-'))
  const apiKeys = memoryKeys()
  let dev: DevIdentity
  let authorize: ReturnType<typeof makeAuthorizer>
  beforeAll(async () => {
    dev = await ensureDevIdentity({ dir, tenantId: 'acme', apiKeys, tenantClaim: 'custom:tenant' })
    const verifyToken = makeJwtVerifier({
      issuer: dev.issuer,
      audience: dev.audience,
      jwks: dev.jwks,
      tenantClaim: 'custom:tenant',
    })
    authorize = makeAuthorizer({ verifyToken, apiKeys })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const bearer = (token: string) => `Bearer ${token}`
  const rejects = async (credentials: Parameters<typeof authorize>[0], code: string, status: number) => {
    const error = await authorize(credentials).then(
      () => undefined,
      (e: unknown) => e as { code: string; statusCode: number; message: string },
    )
    expect(error).toMatchObject({ code, statusCode: status })
    return error?.message ?? ''
  }

  it('accepts the dev token and key and names the caller, tenant and key', async () => {
    const { token, apiKey } = dev.credentials
    const context = await authorize({ authorization: bearer(token), apiKey })
    expect(context).toMatchObject({ principalId: 'local-dev', tenantId: 'acme' })
    expect(apiKey).toContain(context.apiKeyId)
  })

  it('answers 401 for a missing, malformed, expired, foreign or forged token', async () => {
    const { apiKey } = dev.credentials
    await rejects({ apiKey }, 'auth.missingToken', 401)
    await rejects({ authorization: 'Basic abc', apiKey }, 'auth.invalidToken', 401)
    await rejects({ authorization: bearer('not.a.jwt'), apiKey }, 'auth.invalidToken', 401)
    const expired = await dev.mintToken({ tenantId: 'acme', expiresInSeconds: -60 })
    expect(await rejects({ authorization: bearer(expired), apiKey }, 'auth.expiredToken', 401)).toBe(
      'token expired',
    )
    const foreign = await dev.mintToken({ tenantId: 'acme', issuer: 'https://evil.example' })
    expect(await rejects({ authorization: bearer(foreign), apiKey }, 'auth.invalidToken', 401)).toContain(
      'issuer',
    )
    const other = await generateKeyPair('ES256')
    const kid = dev.jwks.keys[0]?.kid ?? ''
    const forged = await signToken(other.privateKey, kid, { tenantId: 'acme' })
    expect(await rejects({ authorization: bearer(forged), apiKey }, 'auth.invalidToken', 401)).toContain(
      'signature',
    )
    const tenantless = await dev.mintToken({ tenantId: 'acme', tenantClaim: 'custom:other' })
    expect(await rejects({ authorization: bearer(tenantless), apiKey }, 'auth.invalidToken', 401)).toContain(
      'custom:tenant',
    )
  })

  it("answers 403 for a missing, unknown or other tenant's API key", async () => {
    const authorization = bearer(dev.credentials.token)
    await rejects({ authorization }, 'auth.missingApiKey', 403)
    await rejects({ authorization, apiKey: 'nope' }, 'auth.invalidApiKey', 403)
    const own = dev.credentials.apiKey
    const tampered = `${own.slice(0, -1)}${own.endsWith('0') ? '1' : '0'}`
    await rejects({ authorization, apiKey: tampered }, 'auth.invalidApiKey', 403)
    const { key } = await issueApiKey(apiKeys, 'globex', 'other tenant')
    await rejects({ authorization, apiKey: key }, 'auth.invalidApiKey', 403)
  })

  it('keeps the dev credentials across starts, private to the user, and the key only as a hash', async () => {
    const again = await ensureDevIdentity({ dir, tenantId: 'acme', apiKeys, tenantClaim: 'custom:tenant' })
    expect(again.credentials).toEqual(dev.credentials)
    expect(again.fresh).toEqual({ token: false, apiKey: false })
    expect(statSync(again.credentialsFile).mode & 0o077).toBe(0)
    const stored = [...apiKeys.records.values()].map((r) => JSON.stringify(r)).join()
    expect(stored).not.toContain(dev.credentials.apiKey)
  })

  it('replaces a key the table no longer knows', async () => {
    apiKeys.records.clear()
    const again = await ensureDevIdentity({ dir, tenantId: 'acme', apiKeys, tenantClaim: 'custom:tenant' })
    expect(again.fresh).toEqual({ token: false, apiKey: true })
    expect(again.credentials.apiKey).not.toBe(dev.credentials.apiKey)
  })
})
