import { afterEach, describe, expect, it } from 'vitest'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { http, sse, startTestChorus } from './testing.ts'

const twoSteps = JSON.stringify({
  goal: 'test',
  steps: [
    { id: 'research', team: 'researcher', instruction: 'do research', dependsOn: [] },
    { id: 'write', team: 'writer', instruction: 'do write', dependsOn: ['research'] },
  ],
})

type Run = {
  runId: string
  status: string
  failure?: { code: string }
  events: { name: string; route: string }[]
}
type Envelope = { meta: { seq: number; name: string; route: string; runId: string } }

/**
 * Server-sent run streams on the embedded runtime. The rest of the runs API (hand-over, lists, cancel)
 * runs on both runtimes in `runtime/api-suite/runs.int.test.ts`; streams join it once the AWS runtime
 * serves them.
 */
describe('run event streams over HTTP (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>> | undefined
  afterEach(() => chorus?.close())

  const start = async (script: Script, env: Record<string, string> = {}) => {
    chorus = await startTestChorus(env, { models: makeScriptedProvider(script) })
    return chorus
  }
  const slowWorkers =
    (ms: number): Script =>
    async (_, purpose) => {
      if (purpose.service === 'planner') return twoSteps
      await new Promise((r) => setTimeout(r, ms))
      return `done by ${purpose.service}`
    }

  it('streams a run handed over past the budget to its end', async () => {
    const { url } = await start(slowWorkers(150), { CHORUS_SYNC_BUDGET_MS: '50' })

    const res = await http(url, 'POST', '/chats/c/messages', { content: 'hi' })

    expect(res.status).toBe(202)
    const location = res.headers.get('location') as string
    const stream = await sse(url, `${location}/events`)
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toContain('text/event-stream')
    const events = stream.messages.map((m) => JSON.parse(m.data) as Envelope)
    expect(events.map((e) => e.meta.name)).toEqual([
      'RunRequested',
      'PlanCreated',
      'TaskQueued',
      'StepCompleted',
      'TaskQueued',
      'StepCompleted',
      'RunCompleted',
    ])
    expect(stream.messages.map((m) => [m.id, m.event])).toEqual(
      events.map((e) => [String(e.meta.seq), e.meta.name]),
    )
    expect(events[0]?.meta.route).toBe('sync')
    expect(events.at(-1)?.meta.route).toBe('async') // handed over: the supervisor published it through its queue
    const run = (await http(url, 'GET', location)).json as Run
    expect(run.status).toBe('completed')
  })

  it('resumes a stream after Last-Event-ID and ends at once for a run that ended before it', async () => {
    const { url } = await start(slowWorkers(0))
    const { runId } = (await http(url, 'POST', '/chats/c/messages', { content: 'hi' })).json as Run

    const rest = await sse(url, `/runs/${runId}/events`, { 'last-event-id': '4' })
    expect(rest.messages.map((m) => Number(m.id))).toEqual([5, 6, 7])
    const none = await sse(url, `/runs/${runId}/events?after=7`)
    expect(none.status).toBe(200)
    expect(none.messages).toEqual([])
    expect(
      (await http(url, 'GET', `/runs/${runId}/events`, undefined, { 'last-event-id': 'x' })).status,
    ).toBe(400)
  })
})
