import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCredentialsFile } from '#platform/auth/index.ts'
import { authHeaders, http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

type Started = Awaited<ReturnType<typeof startTestChorus>>

/** `export NAME=value` lines as a map, as a shell would read them. */
const exportsIn = (stdout: string) =>
  Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => /^export (\w+)=(.*)$/.exec(line)?.slice(1) as [string, string]),
  )

describe('chorus env', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chorus-env-'))
  const file = join(dataDir, 'auth', 'credentials.json')
  let running: Started | undefined
  afterAll(async () => {
    await running?.close({ keepData: true })
    rmSync(dataDir, { recursive: true, force: true })
  })
  const start = async (tenant: string) => {
    await running?.close({ keepData: true })
    running = await startTestChorus({ CHORUS_TENANT: tenant }, { dataDir })
    return running
  }
  const env = (argv: string[] = []) => runCli(['env', ...argv], { CHORUS_DATA_DIR: dataDir })

  it("prints the selected tenant's exports with the running server's URL; they authenticate", async () => {
    await start('alpha')
    const server = await start('beta')
    const { code, stdout } = await env()
    expect(code).toBe(0)
    const vars = exportsIn(stdout)
    expect(vars).toEqual({
      CHORUS_URL: server.url,
      CHORUS_TENANT: 'beta',
      CHORUS_TOKEN: server.auth.credentials.token,
      CHORUS_API_KEY: server.auth.credentials.apiKey,
    })
    const runs = await http(
      server.url,
      'GET',
      '/runs',
      undefined,
      authHeaders({
        token: vars.CHORUS_TOKEN ?? '',
        apiKey: vars.CHORUS_API_KEY ?? '',
      }),
    )
    expect(runs.status).toBe(200)
  })

  it('prints another tenant with --tenant, leaving the selection as it was', async () => {
    const stored = await readCredentialsFile(file)
    const { code, stdout } = await env(['--tenant', 'alpha'])
    expect(code).toBe(0)
    expect(exportsIn(stdout)).toMatchObject({
      CHORUS_TENANT: 'alpha',
      CHORUS_TOKEN: stored.tenants.alpha?.token,
      CHORUS_API_KEY: stored.tenants.alpha?.apiKey,
    })
    expect((await readCredentialsFile(file)).selected).toBe('beta')
    const runs = await runCli(['runs', 'ls', '--json'], {
      ...exportsIn(stdout),
      CHORUS_DATA_DIR: join(dataDir, 'nowhere'),
    })
    expect([runs.code, runs.stdout.trim()]).toEqual([0, '[]'])
  })

  it('names chorus login for a tenant without credentials', async () => {
    const { code, stderr, stdout } = await env(['--tenant', 'gamma'])
    expect([code, stdout]).toEqual([2, ''])
    expect(stderr).toContain('no credentials of tenant gamma')
    expect(stderr).toContain('chorus login --tenant gamma')
  })
})
