import { HumanMessage } from '@langchain/core/messages'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isChorusError } from '../errors/index.ts'
import type { ModelCallRecord, ModelCallStore } from '../store/index.ts'
import { makeModelInvoker } from './invoke-model.ts'
import { makeOpenAIProvider } from './openai-provider.ts'
import { holdUntilAborted, startFakeOpenAI } from './testing/fake-openai-server.ts'

describe('aborting a model call in flight (OpenAI client over HTTP)', () => {
  let server: Awaited<ReturnType<typeof startFakeOpenAI>>
  beforeAll(async () => {
    server = await startFakeOpenAI(() => ({ content: 'unset' }))
  })
  afterAll(() => server.close())

  it('closes the request when the signal aborts, once, and records the call as model.aborted', async () => {
    let arrived = () => {}
    const held = new Promise<void>((resolve) => (arrived = resolve))
    server.script((_, __, { signal }) => {
      arrived()
      return holdUntilAborted(signal)
    })
    const records: ModelCallRecord[] = []
    const calls: ModelCallStore = {
      record: async (_key, call) => void records.push({ ...call, outputTruncated: false }),
      list: async () => records,
    }
    const models = makeOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: server.baseUrl,
      models: { default: 'm' },
    })
    const invoke = makeModelInvoker({ models, calls })
    const controller = new AbortController()

    const answer = invoke({
      purpose: { service: 'workers' },
      messages: [new HumanMessage('take your time')],
      call: {
        tenantId: 'acme',
        runId: '01JD0000000000000000000000',
        stepId: 's1',
        signal: controller.signal,
      },
    })
    await held
    controller.abort(new Error('run cancelled'))
    const error = await answer.then(
      () => undefined,
      (e: unknown) => e,
    )

    expect(isChorusError(error) && [error.code, error.retryable]).toEqual(['model.aborted', false])
    await expect.poll(() => server.aborted.length).toBe(1)
    expect(server.requests).toHaveLength(1)
    expect(records).toMatchObject([{ stepId: 's1', error: { code: 'model.aborted', retryable: false } }])
  })
})
