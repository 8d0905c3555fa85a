import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { readCredentialsFile } from '#platform/auth/index.ts'
import { authHeaders, http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

type Started = Awaited<ReturnType<typeof startTestChorus>>
type Credentials = { token: string; apiKey: string }

describe('dev credentials of several tenants on one data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chorus-tenants-'))
  const file = join(dataDir, 'auth', 'credentials.json')
  let running: Started | undefined
  afterAll(async () => {
    await running?.close({ keepData: true })
    rmSync(dataDir, { recursive: true, force: true })
  })

  const start = async (tenant: string) => {
    running = await startTestChorus({ CHORUS_TENANT: tenant }, { dataDir })
    return running
  }
  const stop = async () => {
    await running?.close({ keepData: true })
    running = undefined
  }
  const runsAs = (url: string, credentials: Credentials) =>
    http(url, 'GET', '/runs', undefined, authHeaders(credentials))
  const cli = (argv: string[], env: Record<string, string> = {}) =>
    runCli(argv, { CHORUS_URL: running?.url ?? '', CHORUS_DATA_DIR: dataDir, ...env })
  const runIdsOf = (stdout: string) => (JSON.parse(stdout) as { runId: string }[]).map((r) => r.runId)

  it('keeps tenant alpha working after a start as tenant beta, each seeing only its own runs', async () => {
    const alpha = (await start('alpha')).auth.credentials
    await stop()
    const server = await start('beta')
    const beta = server.auth.credentials
    expect(server.auth.fresh).toEqual({ token: true, apiKey: true })
    expect(server.auth.tenants).toEqual(['alpha', 'beta'])

    const stored = await readCredentialsFile(file)
    expect(stored.tenants.alpha).toEqual({ token: alpha.token, apiKey: alpha.apiKey })
    expect(stored.selected).toBe('beta')
    expect((await runsAs(server.url, alpha)).status).toBe(200)
    expect((await runsAs(server.url, beta)).status).toBe(200)

    const chat = await cli(['chat', '--json', '--tenant', 'alpha', 'Explain tides'])
    expect(chat.code).toBe(0)
    const { runId } = JSON.parse(chat.stdout) as { runId: string }
    expect(runIdsOf((await cli(['runs', 'ls', '--json', '--tenant', 'alpha'])).stdout)).toContain(runId)
    expect(runIdsOf((await cli(['runs', 'ls', '--json'])).stdout)).not.toContain(runId)
    expect(runIdsOf((await cli(['runs', 'ls', '--json'], { CHORUS_TENANT: 'alpha' })).stdout)).toContain(
      runId,
    )
  })

  it('selects a tenant with chorus login, printing its credentials', async () => {
    const stored = await readCredentialsFile(file)
    const { code, stdout } = await cli(['login', '--tenant', 'alpha'])
    expect(code).toBe(0)
    expect(stdout).toContain('Tenant alpha selected')
    expect(stdout).toContain(`export CHORUS_API_KEY=${stored.tenants.alpha?.apiKey}`)
    expect((await readCredentialsFile(file)).selected).toBe('alpha')
    const runs = await cli(['runs', 'ls', '--json'])
    expect([runs.code, runIdsOf(runs.stdout).length]).toEqual([0, 1])
  })

  it('refuses to create a tenant while a server holds the store, and names a tenant it does not know', async () => {
    const busy = await cli(['login', '--tenant', 'gamma'])
    expect(busy.code).toBe(2)
    expect(busy.stderr).toContain('a running Chorus holds the store')
    expect(busy.stderr).toContain('CHORUS_TENANT=gamma')
    const unknown = await cli(['runs', 'ls', '--tenant', 'gamma'])
    expect(unknown.stderr).toContain('no credentials of tenant gamma')
    expect(unknown.stderr).toContain('chorus login --tenant gamma')
    const bad = await cli(['runs', 'ls', '--tenant', 'Not A Slug'])
    expect(bad.stderr).toContain('config.invalid')
    expect(Object.keys((await readCredentialsFile(file)).tenants).sort()).toEqual(['alpha', 'beta'])
  })

  it('creates a tenant with chorus login when no server runs; every tenant works after the next start', async () => {
    const before = await readCredentialsFile(file)
    await stop()
    const created = await cli(['login', '--json', '--tenant', 'gamma'])
    expect(created.code).toBe(0)
    const gamma = JSON.parse(created.stdout) as Credentials & { action: string; tenants: string[] }
    expect(gamma).toMatchObject({ action: 'created', tenants: ['alpha', 'beta', 'gamma'] })

    const server = await start('beta')
    expect(server.auth.fresh).toEqual({ token: false, apiKey: false })
    for (const tenant of ['alpha', 'beta'] as const)
      expect((await readCredentialsFile(file)).tenants[tenant]).toEqual(before.tenants[tenant])
    for (const credentials of [gamma, before.tenants.alpha, before.tenants.beta])
      expect((await runsAs(server.url, credentials as Credentials)).status).toBe(200)
    const asGamma = await cli(['runs', 'ls', '--json', '--tenant', 'gamma'])
    expect([asGamma.code, asGamma.stdout.trim()]).toEqual([0, '[]'])
  })
})

describe('auth configuration that cannot be half right', () => {
  it('stops `chorus start` when the issuer comes without its JWKS URL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chorus-half-auth-'))
    try {
      const node = join(process.cwd(), 'node_modules', '.bin', 'node')
      const failure = await promisify(execFile)(node, ['cli/bin.js', 'start'], {
        env: {
          ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CHORUS_'))),
          CHORUS_DATA_DIR: dataDir,
          CHORUS_PORT: '0',
          CHORUS_AUTH_ISSUER: 'https://idp.example',
        },
      }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stderr).toContain('chorus failed to start: config.invalid')
      expect(failure?.stderr).toContain('CHORUS_AUTH_JWKS_URL: required with CHORUS_AUTH_ISSUER')
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
