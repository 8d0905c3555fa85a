import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ChatRequest,
  type FakeReply,
  holdUntilAborted,
  startFakeOpenAI,
} from '#platform/models/testing/fake-openai-server.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { http, startTestChorus } from './testing.ts'

const plan = (team: string) =>
  JSON.stringify({ goal: 'g', steps: [{ id: 'only', team, instruction: 'do it', dependsOn: [] }] })
const isPlanner = (r: ChatRequest) => r.response_format?.type === 'json_schema'

type Run = {
  runId: string
  status: string
  failure?: { code: string }
  steps: { stepId: string; status: string; output?: unknown; error?: { code: string } }[]
  modelCalls: { stepId: string; error?: { code: string } }[]
  toolCalls: { stepId: string; tool: string; result: { ok: boolean } }[]
  events: { name: string; data: { stepId?: string } }[]
}

/** A promise and the function that settles it. */
const signal = () => {
  let fire = () => {}
  const fired = new Promise<void>((resolve) => (fire = resolve))
  return { fire, fired }
}

describe('cancel aborts the work in flight (embedded runtime)', () => {
  let model: Awaited<ReturnType<typeof startFakeOpenAI>>
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let slow: Server
  let slowUrl: string
  let fetchArrived = signal()
  let fetchClosed = signal()
  beforeAll(async () => {
    // A page that never answers: it notes the request, and notes when the client closes it unanswered.
    slow = createServer((_req, res) => {
      res.on('close', () => {
        if (!res.writableFinished) fetchClosed.fire()
      })
      fetchArrived.fire()
    })
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve))
    slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`
    model = await startFakeOpenAI(() => ({ content: 'unset' }))
    chorus = await startTestChorus({
      OPENAI_BASE_URL: model.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      CHORUS_SYNC_BUDGET_MS: '50',
      CHORUS_WEB_ALLOW: '127.0.0.1',
    })
    await chorus.stores.teams.save(
      'local',
      'fetcher',
      TeamDefinition.parse({
        name: 'fetcher',
        description: 'fetches pages',
        shape: 'agent',
        tools: ['web.fetch'],
        prompt: 'Task: {{instruction}}',
        maxIterations: 3,
      }),
    )
  })
  afterAll(async () => {
    await chorus.close()
    await model.close()
    slow.closeAllConnections()
    await new Promise<void>((resolve) => slow.close(() => resolve()))
  })

  /** Starts a run (answered 202: it goes on in the background) and cancels it once `busy` resolves. */
  const startAndCancel = async (busy: Promise<void>) => {
    const started = await http(chorus.url, 'POST', '/chats/cancel/messages', { content: 'go' })
    expect(started.status).toBe(202)
    const { runId } = started.json as { runId: string }
    await busy
    const cancelled = await http(chorus.url, 'POST', `/runs/${runId}/cancel`, { reason: 'stop' })
    await chorus.idle()
    return { cancelled, run: (await http(chorus.url, 'GET', `/runs/${runId}`)).json as Run }
  }

  /** The step of a cancelled run: aborted, never completed, in the step list and in the events. */
  const expectAbortedStep = (run: Run) => {
    expect(run).toMatchObject({ status: 'failed', failure: { code: 'run.cancelled' } })
    expect(run.steps).toMatchObject([{ stepId: 'only', status: 'aborted', error: { code: 'run.cancelled' } }])
    expect(run.steps[0]).not.toHaveProperty('output')
    const names = run.events.map((e) => e.name)
    expect(names).not.toContain('StepCompleted')
    expect(names.filter((n) => n === 'StepAborted')).toHaveLength(1)
    expect(names.slice(0, 4)).toEqual(['RunRequested', 'PlanCreated', 'TaskQueued', 'RunCancelRequested'])
    expect(names.filter((n) => n === 'RunFailed')).toHaveLength(1)
  }

  it('aborts the model request in flight: the server sees it closed, and the step ends aborted', async () => {
    const workerAsked = signal()
    const closedUnanswered = signal()
    model.script((request, _, { signal: closed }): FakeReply | Promise<FakeReply> => {
      if (isPlanner(request)) return { content: plan('researcher') }
      workerAsked.fire()
      closed.addEventListener('abort', closedUnanswered.fire)
      return holdUntilAborted(closed)
    })

    const { cancelled, run } = await startAndCancel(workerAsked.fired)

    expect(cancelled.status).toBe(200)
    await closedUnanswered.fired // the model server saw its request closed unanswered
    expect(model.aborted).toHaveLength(1)
    expect(model.aborted[0] && isPlanner(model.aborted[0])).toBe(false)
    expect(model.requests.filter((r) => !isPlanner(r))).toHaveLength(1) // not retried after the abort
    expectAbortedStep(run)
    expect(run.modelCalls.filter((c) => c.stepId === 'only')).toMatchObject([
      { error: { code: 'model.aborted' } },
    ])
  })

  it('aborts a tool call in flight (web.fetch of a slow page) and asks the model nothing more', async () => {
    fetchArrived = signal()
    fetchClosed = signal()
    model.script((request) => {
      if (isPlanner(request)) return { content: plan('fetcher') }
      if (request.messages.some((m) => m.role === 'tool')) return { content: 'should never be asked' }
      return { toolCalls: [{ name: 'web__fetch', arguments: { url: slowUrl } }] }
    })

    const { cancelled, run } = await startAndCancel(fetchArrived.fired)

    expect(cancelled.status).toBe(200)
    await fetchClosed.fired // the page server saw its request closed unanswered
    expect(model.requests.filter((r) => !isPlanner(r))).toHaveLength(1)
    expectAbortedStep(run)
    expect(run.toolCalls.map((c) => [c.stepId, c.tool, c.result.ok])).toEqual([['only', 'web.fetch', false]])
  })
})
