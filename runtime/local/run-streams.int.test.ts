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

describe('runs over HTTP: hand-over, server-sent events, lists and cancel', () => {
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

  it('answers 202 past the budget, routes the rest of the run async, and streams it to the end', async () => {
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

  it('lists runs newest first, by status, page by page', async () => {
    const { url } = await start(slowWorkers(0))
    const ids: string[] = []
    for (const content of ['one', 'two', 'three'])
      ids.push(((await http(url, 'POST', '/chats/c/messages', { content })).json as Run).runId)

    const first = (await http(url, 'GET', '/runs?limit=2')).json as { runs: Run[]; next: string }
    expect(first.runs.map((r) => r.runId)).toEqual([ids[2], ids[1]])
    const second = (await http(url, 'GET', `/runs?limit=2&cursor=${first.next}`)).json as {
      runs: Run[]
      next?: string
    }
    expect(second.runs.map((r) => r.runId)).toEqual([ids[0]])
    expect(second.next).toBeUndefined()
    const completed = (await http(url, 'GET', '/runs?status=completed')).json as { runs: Run[] }
    expect(completed.runs).toHaveLength(3)
    expect(((await http(url, 'GET', '/runs?status=failed')).json as { runs: Run[] }).runs).toEqual([])
    expect(
      ((await http(url, 'GET', '/runs?since=2999-01-01T00:00:00Z')).json as { runs: Run[] }).runs,
    ).toEqual([])
    expect((await http(url, 'GET', '/runs?cursor=bm90LWEtY3Vyc29y')).status).toBe(400)
    expect((await http(url, 'GET', '/runs?status=sleeping')).status).toBe(400)
  })

  it('cancels a running run through the supervisor, idempotently, and refuses to cancel an ended one', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    const { url, idle } = await start(
      async (_, purpose) => {
        if (purpose.service === 'planner') return twoSteps
        await gate
        return 'too late'
      },
      { CHORUS_SYNC_BUDGET_MS: '50' },
    )
    const { runId } = (await http(url, 'POST', '/chats/c/messages', { content: 'hi' })).json as Run
    const working = async () => ((await http(url, 'GET', `/runs/${runId}`)).json as Run).events.length >= 3
    while (!(await working())) await new Promise((r) => setTimeout(r, 10)) // the worker holds the first step

    const cancelled = await http(url, 'POST', `/runs/${runId}/cancel`, { reason: 'changed my mind' })
    expect(cancelled.status).toBe(200)
    expect(cancelled.json).toMatchObject({ runId, status: 'failed', failure: { code: 'run.cancelled' } })
    const again = await http(url, 'POST', `/runs/${runId}/cancel`)
    expect([again.status, again.json]).toEqual([200, cancelled.json])
    release()
    await idle()
    const run = (await http(url, 'GET', `/runs/${runId}`)).json as Run
    expect(run.status).toBe('failed')
    const names = run.events.map((e) => e.name)
    expect(names.slice(0, 4)).toEqual(['RunRequested', 'PlanCreated', 'TaskQueued', 'RunCancelRequested'])
    // The worker was aborted mid-step (ADR 0015): its step ends aborted, in either order with the run.
    expect(names.slice(4).sort()).toEqual(['RunFailed', 'StepAborted'])

    const done = (await http(url, 'POST', '/chats/c/messages', { content: 'quick' })).json as Run
    await idle()
    const refused = await http(url, 'POST', `/runs/${done.runId}/cancel`)
    expect(refused.status).toBe(409)
    expect(refused.json).toMatchObject({ error: { code: 'run.alreadyEnded' } })
    expect((await http(url, 'POST', '/runs/01JD0000000000000000000000/cancel')).status).toBe(404)
  })

  it('creates, lists and shows chats with their messages', async () => {
    const { url } = await start(slowWorkers(0))
    const created = await http(url, 'POST', '/chats', { title: 'Tides' })
    expect(created.status).toBe(201)
    const { chatId } = created.json as { chatId: string }
    expect(created.headers.get('location')).toBe(`/chats/${chatId}`)
    expect((await http(url, 'POST', '/chats', { chatId })).status).toBe(409)
    await http(url, 'POST', `/chats/${chatId}/messages`, { content: 'Explain tides' })
    await http(url, 'POST', '/chats/implicit/messages', { content: 'Opened by a message' })

    const list = (await http(url, 'GET', '/chats')).json as { chats: { chatId: string }[] }
    expect(list.chats.map((c) => c.chatId)).toEqual(['implicit', chatId])
    const chat = (await http(url, 'GET', `/chats/${chatId}`)).json as {
      title: string
      messages: { role: string }[]
    }
    expect(chat.title).toBe('Tides')
    expect(chat.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect((await http(url, 'GET', '/chats/nope')).status).toBe(404)
  })
})
