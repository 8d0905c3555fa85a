import { HumanMessage } from '@langchain/core/messages'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { isChorusError } from '../errors/index.ts'
import { makeModelAttemptStore, makeModelCallStore } from '../store/index.ts'
import { startTestTable } from '../store/testing.ts'
import { withAttemptBudget } from './attempt-budget.ts'
import { makeModelInvoker } from './invoke-model.ts'
import { makeOpenAIProvider } from './openai-provider.ts'
import { startFakeOpenAI } from './testing/fake-openai-server.ts'

describe('the attempt budget of a model call, against an OpenAI-compatible server', () => {
  let server: Awaited<ReturnType<typeof startFakeOpenAI>>
  let env: Awaited<ReturnType<typeof startTestTable>>
  beforeAll(async () => {
    server = await startFakeOpenAI(() => ({ content: 'unset' }))
    env = await startTestTable()
  })
  afterAll(async () => {
    await server.close()
    await env.close()
  })

  /** A budgeted invoker as the core builds it, and one call of a fresh run (a queue delivery calls it again). */
  const setup = (maxAttempts = 4) => {
    const models = makeOpenAIProvider({
      apiKey: 'sk-test',
      baseUrl: server.baseUrl,
      models: { default: 'm' },
    })
    const calls = makeModelCallStore(env.table)
    const invoke = withAttemptBudget(makeModelInvoker({ models, calls }), {
      models,
      attempts: makeModelAttemptStore(env.table),
      budget: { maxAttempts, backoffMs: 1 },
    })
    const call = { tenantId: 'acme', runId: newId(), stepId: 's1' }
    const deliver = () =>
      invoke({ purpose: { service: 'workers' }, messages: [new HumanMessage('q')], call }).then(
        (answer) => ({ answer }),
        (error: unknown) => ({ error }),
      )
    return { deliver, records: () => calls.list(call.tenantId, call.runId) }
  }
  const failure = (outcome: object) => {
    const error = 'error' in outcome ? outcome.error : undefined
    return isChorusError(error)
      ? { code: error.code, retryable: error.retryable, message: error.message }
      : undefined
  }

  it('spends at most 4 requests on a server that always answers 500, then fails for good with the cause', async () => {
    server.script(() => ({ status: 500, error: 'upstream exploded' }))
    const { deliver, records } = setup()

    const outcome = await deliver()

    expect(server.requests).toHaveLength(4)
    expect(failure(outcome)).toEqual({
      code: 'model.failed',
      retryable: false,
      message: 'HTTP 500: 500 upstream exploded (gave up after 4 of 4 attempts)',
    })
    expect((await records()).map((r) => r.error?.code)).toEqual(Array(4).fill('model.failed'))
  })

  it('makes no request when a queue redelivers a call whose budget is spent', async () => {
    server.script(() => ({ status: 502, error: 'bad gateway' }))
    const { deliver } = setup()
    await deliver()

    const again = await deliver()

    expect(server.requests).toHaveLength(4)
    expect(failure(again)).toMatchObject({ retryable: false, message: expect.stringContaining('HTTP 502') })
  })

  it('carries the budget over a redelivery: a 429 without a hint goes back to the queue, the rest is spent after it', async () => {
    server.script((_, i) => (i === 0 ? { status: 429, error: 'busy' } : { status: 503, error: 'down' }))
    const { deliver } = setup()

    const first = await deliver()
    expect(server.requests).toHaveLength(1)
    expect(failure(first)).toMatchObject({ code: 'model.failed', retryable: true })

    const second = await deliver()
    expect(server.requests).toHaveLength(4)
    expect(failure(second)).toMatchObject({ retryable: false, message: expect.stringContaining('4 of 4') })
  })

  it('waits out a short Retry-After within the delivery, and succeeds', async () => {
    server.script((_, i) =>
      i === 0 ? { status: 429, error: 'slow down', retryAfterSeconds: 0 } : { content: 'after the wait' },
    )
    const { deliver } = setup()

    const outcome = await deliver()

    expect(outcome).toMatchObject({ answer: { text: 'after the wait' } })
    expect(server.requests).toHaveLength(2)
  })

  it('stops at once on a failure no retry helps (401), also on a redelivery', async () => {
    server.script(() => ({ status: 401, error: 'bad key' }))
    const { deliver } = setup()

    const outcome = await deliver()
    await deliver()

    expect(server.requests).toHaveLength(1)
    expect(failure(outcome)).toMatchObject({ code: 'model.failed', retryable: false })
  })

  it('gives an identical later call a whole budget after a success', async () => {
    server.script((_, i) => (i === 0 || i === 2 ? { status: 500, error: 'flaky' } : { content: 'ok' }))
    const { deliver } = setup(2)

    expect(await deliver()).toMatchObject({ answer: { text: 'ok' } })
    expect(await deliver()).toMatchObject({ answer: { text: 'ok' } })

    expect(server.requests).toHaveLength(4)
  })

  it('counts no answer as a failure: a non-JSON answer is one request with its usage', async () => {
    server.script(() => ({ content: 'not json at all' }))
    const { deliver, records } = setup()

    const outcome = await deliver()

    expect(outcome).toMatchObject({ answer: { text: 'not json at all' } })
    expect(server.requests).toHaveLength(1)
    expect((await records())[0]?.usage.totalTokens).toBeGreaterThan(0)
  })
})
