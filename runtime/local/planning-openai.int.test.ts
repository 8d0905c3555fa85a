import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ChatRequest,
  lastUserText,
  startFakeOpenAI,
} from '#platform/models/testing/fake-openai-server.ts'
import { PLANNER_PROMPT_NAME } from '#services/planner/index.ts'
import { http, startTestChorus } from './testing.ts'

const step = (id: string, team: string, dependsOn: string[] = []) => ({
  id,
  team,
  instruction: `do ${id}`,
  dependsOn,
})
const planJson = (steps: object[]) => JSON.stringify({ goal: 'g', steps })
const valid = planJson([step('research', 'researcher'), step('write', 'writer', ['research'])])
const isPlanner = (r: ChatRequest) => r.response_format?.type === 'json_schema'

type RunView = {
  runId: string
  status: string
  failure?: { code: string; message: string }
  modelCalls: {
    stepId: string
    provider: string
    prompt?: { name: string; version: number }
    usage: { totalTokens: number }
  }[]
  usage: { modelCalls: number; totalTokens: number }
  events: { name: string }[]
}

describe('planning with a real OpenAI client over HTTP', () => {
  let server: Awaited<ReturnType<typeof startFakeOpenAI>>
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    server = await startFakeOpenAI(() => ({ content: 'unset' }))
    chorus = await startTestChorus({
      OPENAI_BASE_URL: server.baseUrl,
      OPENAI_API_KEY: 'sk-test',
    })
  })
  afterAll(async () => {
    await chorus.close()
    await server.close()
  })

  const chat = async (content = 'Explain tides') => {
    const res = await http(chorus.url, 'POST', '/chats/c1/messages', { content })
    const { runId } = res.json as { runId: string }
    return (await http(chorus.url, 'GET', `/runs/${runId}`)).json as RunView
  }
  const plannerRequests = () => server.requests.filter(isPlanner)

  it('accepts a valid plan, runs it, and records every model call with usage', async () => {
    server.script((r) =>
      isPlanner(r) ? { content: valid } : { content: `worked on: ${lastUserText(r).length} chars` },
    )

    const run = await chat()

    expect(run.status).toBe('completed')
    expect(plannerRequests()).toHaveLength(1)
    expect(run.modelCalls.map((c) => c.stepId)).toEqual(['@planner', 'research', 'write'])
    expect(run.modelCalls[0]).toMatchObject({
      provider: 'openai',
      prompt: { name: PLANNER_PROMPT_NAME, version: 1 },
    })
    expect(run.usage.modelCalls).toBe(3)
    expect(run.usage.totalTokens).toBe(run.modelCalls.reduce((s, c) => s + c.usage.totalTokens, 0))
    expect(run.usage.totalTokens).toBeGreaterThan(0)
  })

  it.each([
    ['an unknown team', planJson([step('a', 'astrologer')]), 'unknown team "astrologer"'],
    ['a cycle', planJson([step('a', 'writer', ['b']), step('b', 'writer', ['a'])]), 'dependency cycle'],
    ['a duplicate id', planJson([step('a', 'writer'), step('a', 'writer')]), 'duplicate step id "a"'],
    ['malformed JSON', '{"goal": "g", "steps": [', 'not valid JSON'],
  ])('repairs %s when the next answer is valid', async (_, invalid, problem) => {
    let plans = 0
    server.script((r) => (isPlanner(r) ? { content: plans++ === 0 ? invalid : valid } : { content: 'ok' }))

    const run = await chat()

    expect(run.status).toBe('completed')
    const repair = JSON.parse(lastUserText(plannerRequests()[1] as ChatRequest)) as { problems: string[] }
    expect(repair.problems.join('\n')).toContain(problem)
  })

  it('rejects a plan that stays invalid with a readable reason', async () => {
    server.script(() => ({ content: planJson([step('a', 'astrologer')]) }))

    const run = await chat()

    expect(run.status).toBe('failed')
    expect(plannerRequests()).toHaveLength(3)
    expect(run.failure?.message).toContain(
      'steps.0.team: unknown team "astrologer" (known: researcher, writer)',
    )
    expect(run.events.map((e) => e.name)).toEqual(['RunRequested', 'PlanRejected', 'RunFailed'])
  })

  it.each([
    [500, 4],
    [401, 1],
  ])(
    'ends the run with the cause when the API answers %i, after %i request(s) in all',
    async (status, requests) => {
      server.script(() => ({ status, error: `upstream says ${status}` }))

      const run = await chat()

      expect(run.status).toBe('failed')
      expect(server.requests).toHaveLength(requests)
      expect(run.failure?.code).toBe('model.failed')
      expect(run.failure?.message).toContain(`HTTP ${status}: ${status} upstream says ${status}`)
      expect(run.events.map((e) => e.name)).toEqual(['RunRequested', 'RunFailed'])
      expect(run.modelCalls).toHaveLength(requests)
    },
  )

  it('records the tokens of non-JSON answers the server reported, in a bounded number of rounds', async () => {
    server.script(() => ({ content: 'I would rather chat than plan.' }))

    const run = await chat()

    expect(run.status).toBe('failed')
    expect(run.failure?.code).toBe('plan.invalid')
    expect(run.failure?.message).toContain('not valid JSON')
    expect(server.requests).toHaveLength(3)
    expect(run.modelCalls.map((c) => c.stepId)).toEqual(['@planner', '@planner', '@planner'])
    for (const c of run.modelCalls) expect(c.usage.totalTokens).toBeGreaterThan(0)
    expect(run.usage.totalTokens).toBe(run.modelCalls.reduce((s, c) => s + c.usage.totalTokens, 0))
  })

  it('uses a planner prompt saved through the API on the next request, without a restart', async () => {
    const put = await http(chorus.url, 'PUT', `/prompts/${PLANNER_PROMPT_NAME}`, {
      text: 'You plan. Version two.',
    })
    expect(put.json).toMatchObject({ name: PLANNER_PROMPT_NAME, version: 2 })
    expect((await http(chorus.url, 'PUT', `/prompts/${PLANNER_PROMPT_NAME}`, { text: '' })).status).toBe(400)
    server.script((r) => (isPlanner(r) ? { content: valid } : { content: 'ok' }))

    const run = await chat()

    expect(plannerRequests()[0]?.messages[0]).toEqual({ role: 'system', content: 'You plan. Version two.' })
    expect(run.modelCalls[0]?.prompt).toEqual({ name: PLANNER_PROMPT_NAME, version: 2 })
  })
})
