import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApiKeyRecord, ApiKeyStore } from '#platform/store/index.ts'
import { isChorusError } from '../errors/index.ts'
import { verifyApiKey } from './api-key.ts'
import { defaultTenantOf, readCredentialsFile, saveTenantCredentials } from './dev-credentials.ts'
import { ensureDevIdentity } from './dev-identity.ts'

const memoryKeys = (): ApiKeyStore => {
  const records = new Map<string, ApiKeyRecord>()
  return {
    put: async (record) => {
      const id = `${record.tenantId}/${record.keyId}`
      if (records.has(id)) return false
      records.set(id, { ...record, createdAt: new Date().toISOString() })
      return true
    },
    get: async (tenantId, keyId) => records.get(`${tenantId}/${keyId}`),
  }
}

describe('dev credentials of several tenants side by side', () => {
  let dir: string
  let file: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chorus-creds-'))
    file = join(dir, 'credentials.json')
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  const start = (tenantId: string, apiKeys: ApiKeyStore) =>
    ensureDevIdentity({ dir, tenantId, apiKeys, tenantClaim: 'custom:tenant' })

  it('keeps the first tenant when a start with another tenant follows, and selects the latest', async () => {
    const apiKeys = memoryKeys()
    const a = await start('alpha', apiKeys)
    const b = await start('beta', apiKeys)
    const stored = await readCredentialsFile(file)
    expect(stored.tenants.alpha).toEqual({ token: a.credentials.token, apiKey: a.credentials.apiKey })
    expect(stored.tenants.beta).toEqual({ token: b.credentials.token, apiKey: b.credentials.apiKey })
    expect([stored.selected, b.tenants]).toEqual(['beta', ['alpha', 'beta']])
    expect(await verifyApiKey(apiKeys, 'alpha', stored.tenants.alpha?.apiKey ?? '')).toBeDefined()

    const again = await start('alpha', apiKeys)
    expect(again.credentials).toEqual(a.credentials)
    expect(again.fresh).toEqual({ token: false, apiKey: false })
    expect((await readCredentialsFile(file)).tenants.beta).toEqual(stored.tenants.beta)
  })

  it('reads the single-tenant file of earlier versions and keeps its tenant on the next start', async () => {
    const apiKeys = memoryKeys()
    const old = await start('alpha', apiKeys)
    writeFileSync(file, JSON.stringify(old.credentials), { mode: 0o600 })
    expect(await readCredentialsFile(file)).toEqual({
      version: 2,
      selected: 'alpha',
      tenants: { alpha: { token: old.credentials.token, apiKey: old.credentials.apiKey } },
    })
    await start('beta', apiKeys)
    const stored = await readCredentialsFile(file)
    expect(Object.keys(stored.tenants).sort()).toEqual(['alpha', 'beta'])
    expect(stored.tenants.alpha?.apiKey).toBe(old.credentials.apiKey)
  })

  it('never overwrites a file it cannot read', async () => {
    writeFileSync(file, '{"tenants": ', { mode: 0o600 })
    const error = await start('alpha', memoryKeys()).catch((e: unknown) => e)
    expect(isChorusError(error) && error.code).toBe('config.invalid')
    expect(readFileSync(file, 'utf8')).toBe('{"tenants": ')
  })

  it('loses no tenant when many are saved at the same time', async () => {
    const tenants = Array.from({ length: 12 }, (_, i) => `t-${i}`)
    await Promise.all(
      tenants.map((tenant) => saveTenantCredentials(file, tenant, { token: `tok-${tenant}`, apiKey: 'k' })),
    )
    const stored = await readCredentialsFile(file)
    expect(Object.keys(stored.tenants).sort()).toEqual([...tenants].sort())
    expect(statSync(file).mode & 0o077).toBe(0)
  })

  it('picks the selected tenant, else the only one, else none', async () => {
    expect(defaultTenantOf({ version: 2, tenants: {} })).toBeUndefined()
    const one = await saveTenantCredentials(file, 'alpha', { token: 't', apiKey: 'k' })
    expect(defaultTenantOf(one)).toBe('alpha')
    const two = await saveTenantCredentials(file, 'beta', { token: 't', apiKey: 'k' })
    expect(defaultTenantOf(two)).toBeUndefined()
    const chosen = await saveTenantCredentials(file, 'beta', { token: 't2', apiKey: 'k' }, { select: true })
    expect(defaultTenantOf(chosen)).toBe('beta')
    const kept = await saveTenantCredentials(file, 'alpha', { token: 't3', apiKey: 'k' })
    expect(defaultTenantOf(kept)).toBe('beta')
  })
})
