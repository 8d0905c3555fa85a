import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeOpenAI } from '#platform/models/testing/fake-openai-server.ts'
import { authHeaders } from '../testing.ts'
import { type ChildChorus, ChildExited, startChildChorus } from './child-chorus.ts'

const RUNS = 20
const TERMINAL = new Set(['completed', 'failed', 'cancelled'])
const plan = JSON.stringify({
  goal: 'g',
  steps: [
    { id: 'gather', team: 'researcher', instruction: 'gather', dependsOn: [] },
    { id: 'write', team: 'writer', instruction: 'write', dependsOn: ['gather'] },
  ],
})

type RunRow = { runId: string; status: string; failure?: { code: string; message: string } }

describe('kill -9 of a running Chorus, then a restart (child process)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chorus-crash-'))
  let model: Awaited<ReturnType<typeof startFakeOpenAI>>
  const children: ChildChorus[] = []
  beforeAll(async () => {
    // A slow model keeps runs in flight when the process dies.
    model = await startFakeOpenAI(async (request) => {
      await new Promise((r) => setTimeout(r, 150))
      return { content: request.response_format ? plan : 'a step answer' }
    })
  })
  afterAll(async () => {
    for (const child of children) await child.crash()
    await model.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const start = async () => {
    const child = await startChildChorus(dataDir, {
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      CHORUS_QUEUE_BACKOFF_MS: '20',
    })
    children.push(child)
    return child
  }
  const call = async (
    child: ChildChorus,
    headers: Record<string, string>,
    method: string,
    path: string,
    body?: unknown,
  ) => {
    const response = await fetch(`${child.url}${path}`, {
      method,
      headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    return { status: response.status, json: (await response.json()) as unknown }
  }

  it('finishes every run that was in flight, stops a second process on the same directory, and loses none', async () => {
    const first = await start()
    const headers = authHeaders(first.credentials ?? { token: '', apiKey: '' })
    const accepted = await Promise.all(
      Array.from({ length: RUNS }, (_, i) =>
        call(first, { ...headers, prefer: 'respond-async' }, 'POST', `/chats/crash-${i}/messages`, {
          content: `request ${i}`,
        }),
      ),
    )
    expect(accepted.map((a) => a.status)).toEqual(Array(RUNS).fill(202))
    const runIds = accepted.map((a) => (a.json as { runId: string }).runId)

    const second = await startChildChorus(dataDir).catch((error: unknown) => error)
    expect(second).toBeInstanceOf(ChildExited)
    expect((second as ChildExited).code).not.toBe(0)
    expect((second as ChildExited).output).toContain(
      `the data directory ${dataDir} is in use by process ${first.process.pid}`,
    )

    const before = (await call(first, headers, 'GET', '/runs?limit=100')).json as { runs: RunRow[] }
    const unfinished = before.runs.filter((r) => !TERMINAL.has(r.status)).length
    await first.crash()
    expect(unfinished).toBeGreaterThanOrEqual(RUNS / 2)

    const restarted = await start()
    let runs: RunRow[] = []
    for (let i = 0; i < 600; i++) {
      runs = ((await call(restarted, headers, 'GET', '/runs?limit=100')).json as { runs: RunRow[] }).runs
      if (runs.length === RUNS && runs.every((r) => TERMINAL.has(r.status))) break
      await new Promise((r) => setTimeout(r, 100))
    }
    const ended = runs.filter((r) => TERMINAL.has(r.status))
    process.stdout.write(
      `crash recovery: ${unfinished} of ${RUNS} runs in flight at kill -9; after restart ${ended.length} ended ` +
        `(${runs.filter((r) => r.status === 'completed').length} completed), ${RUNS - ended.length} lost\n`,
    )
    expect(runs.map((r) => r.runId).sort()).toEqual([...runIds].sort())
    expect(ended).toHaveLength(RUNS)
    for (const run of runs.filter((r) => r.status === 'failed')) {
      const { failure } = (await call(restarted, headers, 'GET', `/runs/${run.runId}`)).json as RunRow
      process.stdout.write(`failed ${run.runId}: ${JSON.stringify(failure)}\n`)
      expect(failure?.message).toBeTruthy()
    }
  }, 120_000)
})
