import { afterEach, describe, expect, it } from 'vitest'
import { ChorusError } from '#platform/errors/index.ts'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { http, startTestChorus } from './testing.ts'

const plan = (steps: { id: string; team: string; dependsOn?: string[] }[]) =>
  JSON.stringify({
    goal: 'test',
    steps: steps.map((s) => ({ instruction: `do ${s.id}`, dependsOn: [], ...s })),
  })

const twoSteps = plan([
  { id: 'research', team: 'researcher' },
  { id: 'write', team: 'writer', dependsOn: ['research'] },
])

type RunBody = {
  status: string
  runId: string
  failure?: { code: string; message: string }
  events?: { name: string; seq: number }[]
}

describe('run outcomes on the embedded runtime', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>> | undefined
  afterEach(() => chorus?.close())

  const start = async (script: Script, env: Record<string, string> = {}) => {
    chorus = await startTestChorus(env, { models: makeScriptedProvider(script) })
    return chorus
  }
  const runOf = async (url: string, runId: string) =>
    (await http(url, 'GET', `/runs/${runId}`)).json as RunBody

  it('repairs an invalid plan when the next answer is valid', async () => {
    let asked = 0
    const { url } = await start((_, purpose) => {
      if (purpose.service === 'workers') return 'ok'
      asked++
      return asked === 1 ? plan([{ id: 'a', team: 'astrologer' }]) : twoSteps
    })
    const res = await http(url, 'POST', '/chats/c/messages', { content: 'hi' })
    expect((res.json as RunBody).status).toBe('completed')
    expect(asked).toBe(2)
  })

  it('rejects a plan that stays invalid, and ends the run with the reasons', async () => {
    const { url } = await start(() => plan([{ id: 'a', team: 'astrologer' }]))
    const res = await http(url, 'POST', '/chats/c/messages', { content: 'hi' })
    const body = res.json as RunBody
    expect(res.status).toBe(200)
    expect(body.status).toBe('failed')
    expect(body.failure?.code).toBe('plan.invalid')
    expect(body.failure?.message).toContain('unknown team "astrologer"')
    const run = await runOf(url, body.runId)
    expect(run.events?.map((e) => e.name)).toEqual(['RunRequested', 'PlanRejected', 'RunFailed'])
  })

  it('ends the run with StepFailed when a team fails for good', async () => {
    const { url } = await start((_, purpose) => {
      if (purpose.service === 'planner') return twoSteps
      throw new ChorusError('model.failed', 'content policy refused the prompt', { retryable: false })
    })
    const res = await http(url, 'POST', '/chats/c/messages', { content: 'hi' })
    const run = await runOf(url, (res.json as RunBody).runId)
    expect(run.status).toBe('failed')
    expect(run.failure).toMatchObject({ code: 'model.failed', message: 'content policy refused the prompt' })
    expect(run.events?.map((e) => e.name)).toEqual([
      'RunRequested',
      'PlanCreated',
      'TaskQueued',
      'StepFailed',
      'RunFailed',
    ])
  })

  it('retries a retryable model failure within its attempt budget, then ends the run with the cause', async () => {
    let calls = 0
    const { url, queues } = await start((_, purpose) => {
      if (purpose.service === 'planner') return twoSteps
      calls++
      throw new ChorusError('model.failed', 'upstream 503', { retryable: true })
    })
    const res = await http(url, 'POST', '/chats/c/messages', { content: 'hi' })
    const run = await runOf(url, (res.json as RunBody).runId)
    // One budget of 4 requests for the call, whatever the queue's 5 receives would allow.
    expect(calls).toBe(4)
    expect(queues.workers.deadLetters).toHaveLength(0)
    expect(run.status).toBe('failed')
    expect(run.failure?.code).toBe('model.failed')
    expect(run.failure?.message).toBe('upstream 503 (gave up after 4 of 4 attempts)')
    expect(run.events?.map((e) => e.name)).toEqual([
      'RunRequested',
      'PlanCreated',
      'TaskQueued',
      'StepFailed',
      'RunFailed',
    ])
  })

  it('answers 202 with the run to follow when the sync budget runs out, and the run still completes', async () => {
    const { url, idle } = await start(
      async (_, purpose) => {
        if (purpose.service === 'planner') return twoSteps
        await new Promise((r) => setTimeout(r, 150))
        return 'slow but sure'
      },
      { CHORUS_SYNC_BUDGET_MS: '50' },
    )
    const res = await http(url, 'POST', '/chats/c/messages', { content: 'hi' })
    expect(res.status).toBe(202)
    const { runId } = res.json as RunBody
    expect(res.headers.get('location')).toBe(`/runs/${runId}`)
    await idle()
    expect((await runOf(url, runId)).status).toBe('completed')
  })
})
