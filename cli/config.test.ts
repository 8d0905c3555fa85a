import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CliError } from './cli-error.ts'
import { loadCliConfig } from './config.ts'

const dir = mkdtempSync(join(tmpdir(), 'chorus-cli-config-'))
const write = (name: string, content: unknown) => {
  mkdirSync(join(dir, name, 'auth'), { recursive: true })
  writeFileSync(join(dir, name, 'auth', 'credentials.json'), JSON.stringify(content))
  return { CHORUS_DATA_DIR: join(dir, name) }
}
const entry = (tenant: string) => ({ token: `token-${tenant}`, apiKey: `key-${tenant}` })
const two = write('two', {
  version: 2,
  selected: 'beta',
  tenants: { alpha: entry('alpha'), beta: entry('beta') },
})
const unselected = write('unselected', {
  version: 2,
  tenants: { alpha: entry('alpha'), beta: entry('beta') },
})
const old = write('old', { tenantId: 'alpha', ...entry('alpha') })
const env = { CHORUS_TOKEN: 'token-env', CHORUS_API_KEY: 'key-env' }

describe('loadCliConfig picks the credentials', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it.each([
    ['the selected tenant', two, {}, 'token-beta'],
    [
      '--tenant over everything',
      { ...two, ...env, CHORUS_TENANT: 'beta' },
      { tenant: 'alpha' },
      'token-alpha',
    ],
    [
      'CHORUS_TOKEN/CHORUS_API_KEY over CHORUS_TENANT',
      { ...two, ...env, CHORUS_TENANT: 'alpha' },
      {},
      'token-env',
    ],
    ['CHORUS_TENANT over the selected tenant', { ...two, CHORUS_TENANT: 'alpha' }, {}, 'token-alpha'],
    ['the tenant of a single-tenant file of earlier versions', old, {}, 'token-alpha'],
    ['--tenant in a single-tenant file of earlier versions', old, { tenant: 'alpha' }, 'token-alpha'],
  ])('%s', async (_, environment, flags, token) => {
    expect((await loadCliConfig(environment, dir, flags)).token).toBe(token)
  })

  it.each([
    ['a tenant the file does not hold', two, { tenant: 'gamma' }, /no credentials of tenant gamma/],
    ['several tenants and none selected', unselected, {}, /holds several tenants \(alpha, beta\)/],
    ['a tenant that is no slug', two, { tenant: '../x' }, /lowercase letters, digits and dashes/],
  ])('refuses %s', async (_, environment, flags, message) => {
    const error = await loadCliConfig(environment, dir, flags).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect((error as CliError).message).toMatch(message)
  })
})
