import { HumanMessage } from '@langchain/core/messages'
import { tool } from '@langchain/core/tools'
import type { ChatOpenAI } from '@langchain/openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isChorusError } from '../errors/index.ts'
import type { ModelCallRecord, ModelCallStore } from '../store/index.ts'
import { makeModelInvoker } from './invoke-model.ts'
import { makeOpenAIProvider } from './openai-provider.ts'
import { type ChatRequest, startFakeOpenAI } from './testing/fake-openai-server.ts'

const memoryCalls = () => {
  const records: ModelCallRecord[] = []
  const store: ModelCallStore = {
    record: async (_key, call) => void records.push({ ...call, outputTruncated: false }),
    list: async () => records,
  }
  return { store, records }
}

/** The prompt tokens the fake server reports for a request (its own count). */
const reportedPromptTokens = (request: ChatRequest | undefined) =>
  JSON.stringify(request?.messages ?? null).length >> 2

describe('OpenAI provider against an OpenAI-compatible server', () => {
  let server: Awaited<ReturnType<typeof startFakeOpenAI>>
  beforeAll(async () => {
    server = await startFakeOpenAI(() => ({ content: 'hello' }))
  })
  afterAll(() => server.close())

  const provider = () =>
    makeOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: server.baseUrl,
      models: { default: 'm-default', planner: 'm-plan' },
    })
  const call = { tenantId: 'acme', runId: '01JD0000000000000000000000', stepId: 's1' }

  it('answers a chat completion and records the call with usage and latency', async () => {
    server.script(() => ({ content: 'the answer' }))
    const { store, records } = memoryCalls()
    const invoke = makeModelInvoker({ models: provider(), calls: store })

    const answer = await invoke({ purpose: { service: 'workers' }, messages: [new HumanMessage('q?')], call })

    expect(answer.text).toBe('the answer')
    expect(answer.usage.totalTokens).toBeGreaterThan(0)
    expect(server.requests[0]?.model).toBe('m-default')
    expect(records[0]).toMatchObject({
      provider: 'openai',
      model: 'm-default',
      output: 'the answer',
      stepId: 's1',
    })
    expect(records[0]?.inputHash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('picks the model per service and asks for a JSON-schema answer when told to', async () => {
    server.script(() => ({ content: '{"ok":true}' }))
    const { store } = memoryCalls()
    const invoke = makeModelInvoker({ models: provider(), calls: store })
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } } }

    await invoke({
      purpose: { service: 'planner' },
      messages: [new HumanMessage('x')],
      json: { name: 'plan', schema },
      call,
    })

    expect(server.requests[0]?.model).toBe('m-plan')
    expect(server.requests[0]?.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'plan', schema, strict: false },
    })
  })

  it('parses tool calls from the server', async () => {
    server.script(() => ({ toolCalls: [{ name: 'lookup', arguments: { q: 'tea' } }] }))
    const { model } = provider().chatModel({ service: 'workers' })
    const lookup = tool(async () => 'x', {
      name: 'lookup',
      description: 'look',
      schema: z.object({ q: z.string() }),
    })

    const reply = await (model as unknown as ChatOpenAI)
      .bindTools([lookup])
      .invoke([new HumanMessage('find tea')])

    expect(reply.tool_calls).toMatchObject([{ name: 'lookup', args: { q: 'tea' } }])
    expect(server.requests[0]?.tools?.[0]?.function.name).toBe('lookup')
  })

  it('makes one request per call (retries belong to the attempt budget)', async () => {
    server.script(() => ({ status: 503, error: 'busy' }))
    const invoke = makeModelInvoker({ models: provider(), calls: memoryCalls().store })

    await invoke({ purpose: { service: 'workers' }, messages: [new HumanMessage('q')], call }).catch(() => {})

    expect(server.requests).toHaveLength(1)
  })

  it('turns an API error into a model.failed error that says whether a retry helps, and records it', async () => {
    const { store, records } = memoryCalls()
    const invoke = makeModelInvoker({ models: provider(), calls: store })
    for (const [status, retryable] of [
      [400, false],
      [401, false],
      [503, true],
    ] as const) {
      server.script(() => ({ status, error: `boom ${status}` }))
      const failure = await invoke({
        purpose: { service: 'workers' },
        messages: [new HumanMessage('q')],
        call,
      }).catch((e: unknown) => e)
      expect(isChorusError(failure) && [failure.code, failure.retryable]).toEqual(['model.failed', retryable])
      expect(isChorusError(failure) && failure.message).toContain(`boom ${status}`)
    }
    expect(records.map((r) => r.error?.code)).toEqual(['model.failed', 'model.failed', 'model.failed'])
  })

  it('hands a non-JSON answer to a JSON-schema request back as text, with the usage the server reported', async () => {
    server.script(() => ({ content: 'Sure! Here is your plan: step one…' }))
    const { store, records } = memoryCalls()
    const invoke = makeModelInvoker({ models: provider(), calls: store })

    const answer = await invoke({
      purpose: { service: 'planner' },
      messages: [new HumanMessage('plan')],
      json: { name: 'plan', schema: { type: 'object' } },
      call,
    })

    expect(server.requests).toHaveLength(1)
    expect(answer.text).toBe('Sure! Here is your plan: step one…')
    expect(answer.usage.inputTokens).toBe(reportedPromptTokens(server.requests[0]))
    expect(answer.usage.totalTokens).toBeGreaterThan(answer.usage.inputTokens)
    expect(records[0]?.usage).toEqual(answer.usage)
  })

  it('records the usage of an answer cut off at the token limit, and hands it back as unreadable', async () => {
    server.script(() => ({ content: '{"goal": "g", "steps": [', finishReason: 'length' }))
    const { store, records } = memoryCalls()
    const invoke = makeModelInvoker({ models: provider(), calls: store })

    const answer = await invoke({
      purpose: { service: 'planner' },
      messages: [new HumanMessage('plan')],
      json: { name: 'plan', schema: { type: 'object' } },
      call,
    })

    expect(server.requests).toHaveLength(1)
    expect(answer.unreadable).toContain('cut off')
    expect(records[0]?.error?.code).toBe('model.invalidOutput')
    expect(records[0]?.usage.totalTokens).toBeGreaterThan(0)
    expect(records[0]?.usage.inputTokens).toBe(reportedPromptTokens(server.requests[0]))
  })
})
