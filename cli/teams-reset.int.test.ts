import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

type Started = Awaited<ReturnType<typeof startTestChorus>>

describe('a tenant whose teams are gone', () => {
  let chorus: Started
  let cli: (argv: string[]) => ReturnType<typeof runCli>
  beforeAll(async () => {
    chorus = await startTestChorus()
    cli = (argv) => runCli(argv, { CHORUS_URL: chorus.url, CHORUS_DATA_DIR: chorus.dataDir })
  })
  afterAll(() => chorus.close())

  it('fails a chat with plan.noTeams naming the fix, and answers again after chorus teams reset', async () => {
    for (const name of ['researcher', 'writer'])
      expect((await http(chorus.url, 'DELETE', `/teams/${name}`)).status).toBe(204)

    const failed = await cli(['chat', '--json', 'Explain tides'])
    expect(failed.code).toBe(1)
    const run = JSON.parse(failed.stdout) as {
      runId: string
      status: string
      failure?: { code: string; message: string }
    }
    expect(run).toMatchObject({ status: 'failed', failure: { code: 'plan.invalid' } })
    expect(run.failure?.message).toContain('plan.noTeams: tenant')
    expect(run.failure?.message).toContain('chorus teams reset')
    expect(run.failure?.message).toContain('chorus teams apply')
    // No model was asked; the run's log still audits clean.
    const audit = await http(chorus.url, 'GET', `/runs/${run.runId}/audit`)
    expect(audit.json).toMatchObject({ verdict: { verdict: 'match' } })

    const reset = await cli(['teams', 'reset'])
    expect(reset.code).toBe(0)
    // A delete is a version of its own: the restored definitions come after it.
    expect(reset.stdout).toMatch(/^✓ team researcher v3 \(default\)\n✓ team writer v3 \(default\)\n$/)

    const answered = await cli(['chat', '--json', 'Explain tides'])
    expect(answered.code).toBe(0)
    expect(JSON.parse(answered.stdout)).toMatchObject({ status: 'completed' })
  })

  it('leaves default teams that are as shipped alone, and another team in place', async () => {
    const custom = { name: 'poet', description: 'Writes verse.', shape: 'llm', prompt: '{{goal}}' }
    expect((await http(chorus.url, 'PUT', '/teams/poet', custom)).status).toBe(200)
    const again = await cli(['teams', 'reset', '--json'])
    expect(again.code).toBe(0)
    const { teams } = JSON.parse(again.stdout) as { teams: { name: string; version: number }[] }
    expect(teams.map((t) => [t.name, t.version])).toEqual([
      ['researcher', 3],
      ['writer', 3],
    ])
    const listed = (await http(chorus.url, 'GET', '/teams')).json as { teams: { name: string }[] }
    expect(listed.teams.map((t) => t.name).sort()).toEqual(['poet', 'researcher', 'writer'])
  })
})
