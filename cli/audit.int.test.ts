import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeaders, http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

const run = runCli

describe('audit, export and replay through the API and the CLI', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let env: Record<string, string>
  let runId: string
  const dir = mkdtempSync(join(tmpdir(), 'chorus-audit-cli-'))
  beforeAll(async () => {
    chorus = await startTestChorus()
    env = {
      CHORUS_URL: chorus.url,
      CHORUS_DATA_DIR: chorus.dataDir,
      CHORUS_AUDIT_KEY_DIR: `${chorus.dataDir}-audit-keys`,
    }
    runId = (
      (await http(chorus.url, 'POST', '/chats/a/messages', { content: 'Explain tides' })).json as {
        runId: string
      }
    ).runId
    await chorus.idle() // the run's head is anchored
  })
  afterAll(async () => {
    await chorus.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('GET /runs/{id}/audit answers the verdict as JSON or text, for the caller tenant only', async () => {
    const json = await http(chorus.url, 'GET', `/runs/${runId}/audit`)
    expect(json.status).toBe(200)
    expect(json.json).toMatchObject({ runId, verdict: { verdict: 'match' }, chain: { ok: true, length: 7 } })
    const text = await fetch(`${chorus.url}/runs/${runId}/audit?format=text`, {
      headers: authHeaders(chorus.auth.credentials),
    })
    expect(await text.text()).toContain('Verdict: MATCH')
    const other = authHeaders(await chorus.credentialsFor('globex'))
    expect((await http(chorus.url, 'GET', `/runs/${runId}/audit`, undefined, other)).status).toBe(404)
    expect((await http(chorus.url, 'GET', `/runs/${runId}/audit?format=pdf`)).status).toBe(400)
  })

  it('chorus audit prints the report and exits 0 on match', async () => {
    const { code, stdout } = await run(['audit', runId], env, dir)
    expect(code).toBe(0)
    expect(stdout).toContain('Verdict: MATCH')
    expect(stdout).toMatch(/Step \S+: completed/)
  })

  it('chorus export writes a bundle that chorus audit --bundle verifies offline, and refuses once edited', async () => {
    expect((await run(['export', runId, '--out', 'run.jsonl'], env, dir)).code).toBe(0)
    const offline = await run(['audit', '--bundle', 'run.jsonl', '--json'], {}, dir)
    expect(offline.code).toBe(3)
    expect(JSON.parse(offline.stdout)).toMatchObject({
      verdict: { verdict: 'unverified' },
      consistent: { verdict: 'match' },
    })
    const text = await run(['audit', '--bundle', 'run.jsonl'], {}, dir)
    expect(text.stdout).toContain('Verdict: UNSIGNED/UNVERIFIED')
    expect(text.stdout).not.toContain('MATCH')
    const bundle = readFileSync(join(dir, 'run.jsonl'), 'utf8')
    writeFileSync(join(dir, 'edited.jsonl'), bundle.replace('Explain tides', 'Explain waves'))
    const edited = await run(['audit', '--bundle', 'edited.jsonl'], {}, dir)
    expect(edited.code).toBe(1)
    expect(edited.stderr).toContain('digest mismatch')
  })

  it('chorus replay re-delivers the window and finds every replayed view equal to the live one', async () => {
    const before = (await http(chorus.url, 'GET', `/runs/${runId}`)).json as { events: unknown[] }
    const { code, stdout, stderr } = await run(
      ['replay', '--from', '2026-01-01T00:00:00.000Z', '--name', 'cli-1'],
      env,
      dir,
    )
    expect(stderr).toMatch(/replay cli-1: \d+ events of \d+ run\(s\) re-delivered/)
    expect(stdout).toContain(`${runId}  equal to live`)
    expect(code).toBe(0)
    const after = (await http(chorus.url, 'GET', `/runs/${runId}`)).json as { events: unknown[] }
    expect(after.events).toEqual(before.events)
  })
})
