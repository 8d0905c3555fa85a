import { HumanMessage } from '@langchain/core/messages'
import { tool } from '@langchain/core/tools'
import type { ChatOpenAI } from '@langchain/openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { isChorusError } from '../errors/index.ts'
import type { ModelCallRecord, ModelCallStore } from '../store/index.ts'
import { makeModelInvoker } from './invoke-model.ts'
import { makeOpenAIProvider } from './openai-provider.ts'
import { startFakeOpenAI } from './testing/fake-openai-server.ts'

const memoryCalls = () => {
  const records: ModelCallRecord[] = []
  const store: ModelCallStore = {
    record: async (_key, call) => void records.push({ ...call, outputTruncated: false }),
    list: async () => records,
  }
  return { store, records }
}

describe('OpenAI provider against an OpenAI-compatible server', () => {
  let server: Awaited<ReturnType<typeof startFakeOpenAI>>
  beforeAll(async () => {
    server = await startFakeOpenAI(() => ({ content: 'hello' }))
  })
  afterAll(() => server.close())

  const provider = (maxRetries = 0) =>
    makeOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: server.baseUrl,
      models: { default: 'm-default', planner: 'm-plan' },
      maxRetries,
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

  it('retries a 429 that says when to come back, and succeeds', async () => {
    server.script((_, i) =>
      i === 0 ? { status: 429, error: 'slow down', retryAfterSeconds: 0 } : { content: 'after the wait' },
    )
    const { store } = memoryCalls()
    const invoke = makeModelInvoker({ models: provider(2), calls: store })

    const answer = await invoke({ purpose: { service: 'workers' }, messages: [new HumanMessage('q')], call })

    expect(answer.text).toBe('after the wait')
    expect(server.requests).toHaveLength(2)
  })

  it('hands a 429 without a retry hint back as retryable, for the queue to redeliver later', async () => {
    server.script(() => ({ status: 429, error: 'busy' }))
    const invoke = makeModelInvoker({ models: provider(2), calls: memoryCalls().store })
    const failure = await invoke({
      purpose: { service: 'workers' },
      messages: [new HumanMessage('q')],
      call,
    }).catch((e: unknown) => e)
    expect(isChorusError(failure) && [failure.code, failure.retryable]).toEqual(['model.failed', true])
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
})
