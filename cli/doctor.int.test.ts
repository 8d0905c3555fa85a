import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAI } from '#platform/models/testing/fake-openai-server.ts'
import { http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

/** A URL on which nothing listens: a port taken and given back. */
const closedUrl = async () => {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

type Check = { name: string; ok: boolean; detail: string; fix?: string }

describe('chorus doctor', () => {
  let model: Awaited<ReturnType<typeof startFakeOpenAI>>
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let env: Record<string, string>
  beforeAll(async () => {
    model = await startFakeOpenAI(() => ({ content: 'ok' }))
    const modelEnv = { OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-test' }
    chorus = await startTestChorus(modelEnv)
    env = { ...modelEnv, CHORUS_DATA_DIR: chorus.dataDir }
  })
  afterAll(async () => {
    await chorus.close()
    await model.close()
  })
  const doctor = (extra: Record<string, string> = {}, argv: string[] = []) =>
    runCli(['doctor', ...argv], { ...env, ...extra })
  const checksOf = (stdout: string) => (JSON.parse(stdout) as { ok: boolean; checks: Check[] }).checks

  it('passes a working setup, finding the server on the data directory and asking the model once', async () => {
    const before = model.requests.length
    const { code, stdout } = await doctor()
    expect(code).toBe(0)
    const lines = stdout.trim().split('\n')
    expect(lines.every((line) => line.startsWith('ok   '))).toBe(true)
    expect(stdout).toContain(`ok   node: v${process.versions.node}`)
    expect(stdout).toContain(`held by a running Chorus (pid ${process.pid}`)
    expect(stdout).toContain(`at ${chorus.url})`)
    expect(stdout).toMatch(new RegExp(`ok {3}model: gpt-4o-mini at ${model.baseUrl} answered in \\d+ ms`))
    expect(stdout).toContain(`ok   credentials: tenant local accepted by ${chorus.url}`)
    expect(stdout).toContain('ok   teams: 2 usable: researcher, writer')
    expect(model.requests.slice(before)).toMatchObject([{ model: 'gpt-4o-mini', max_tokens: 1 }])
  })

  it('names the model URL to fix when OPENAI_BASE_URL points nowhere, and exits 1', async () => {
    const nowhere = `${await closedUrl()}/v1`
    const { code, stdout } = await doctor({ OPENAI_BASE_URL: nowhere })
    expect(code).toBe(1)
    const line = stdout.split('\n').find((l) => l.includes('model:'))
    expect(line).toMatch(
      /^fix {2}model: gpt-4o-mini at http:\/\/127\.0\.0\.1:\d+\/v1: unreachable \(ECONNREFUSED\)/,
    )
    expect(line).toContain(nowhere)
    expect(line).toContain('fix: check OPENAI_BASE_URL')
    expect(stdout).toContain('ok   teams:')
  })

  it('says the offline model is used when no model endpoint is set', async () => {
    const { code, stdout } = await runCli(['doctor'], { CHORUS_DATA_DIR: chorus.dataDir })
    expect(code).toBe(0)
    expect(stdout).toContain('ok   model: offline model')
  })

  it('asks for chorus teams reset when the tenant has no team (--json)', async () => {
    for (const name of ['researcher', 'writer']) await http(chorus.url, 'DELETE', `/teams/${name}`)
    const { code, stdout } = await doctor({}, ['--json'])
    await runCli(['teams', 'reset'], { CHORUS_URL: chorus.url, CHORUS_DATA_DIR: chorus.dataDir })
    expect(code).toBe(1)
    expect(checksOf(stdout).find((c) => c.name === 'teams')).toMatchObject({
      ok: false,
      fix: expect.stringContaining('chorus teams reset'),
    })
  })

  it('refuses credentials the server does not accept, and names the fix', async () => {
    const { code, stdout } = await doctor({ CHORUS_TOKEN: 'not-a-token', CHORUS_API_KEY: 'nope' }, ['--json'])
    expect(code).toBe(1)
    expect(checksOf(stdout).find((c) => c.name === 'credentials')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('not a JWT'),
    })
  })

  it('checks each AWS endpoint that is set: one that answers, one that does not', async () => {
    const down = await closedUrl()
    const { code, stdout } = await doctor({ CHORUS_AWS_ENDPOINT: chorus.url, CHORUS_SQS_ENDPOINT: down })
    expect(code).toBe(1)
    expect(stdout).toContain(`ok   aws: ${chorus.url} answers`)
    expect(stdout).toContain(`fix  aws sqs: ${down} is unreachable (ECONNREFUSED)`)
  })
})

describe('chorus doctor without a server', () => {
  it('says no Chorus answers and how to start it', async () => {
    const chorus = await startTestChorus()
    const dataDir = chorus.dataDir
    await chorus.close({ keepData: true })
    const { code, stdout } = await runCli(['doctor'], {
      CHORUS_DATA_DIR: dataDir,
      CHORUS_URL: await closedUrl(),
    })
    expect(code).toBe(1)
    expect(stdout).toContain('free (no server runs on it)')
    expect(stdout).toMatch(
      /fix {2}credentials: no Chorus answers at http:\/\/127\.0\.0\.1:\d+; fix: start it: npx chorus start/,
    )
  })
})
