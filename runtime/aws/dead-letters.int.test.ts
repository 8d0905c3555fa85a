import { afterEach, describe, expect, it } from 'vitest'
import { CONSUMERS, type Consumer } from '#events'
import { ChorusError } from '#platform/errors/index.ts'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import type { SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { startTestStack, type TestStack } from './testing/emulator.ts'

const oneStep = JSON.stringify({
  goal: 'test',
  steps: [{ id: 'write', team: 'writer', instruction: 'write', dependsOn: [] }],
})

type Letter = { id: string; consumer: string; runId: string; eventName: string; receives: number }
type Run = { status: string; output?: string; failure?: { code: string }; events: { name: string }[] }

/** An API request as the authorizer of `tenantId` hands it to a function. */
const as = (tenantId: string, event: ReturnType<typeof apiEvent>) => ({
  ...event,
  requestContext: { ...event.requestContext, authorizer: { tenantId, principalId: `user-of-${tenantId}` } },
})

/** Each DLQ read long-polls 1 s (`sqs-dead-letters.ts`), so these take tens of seconds on a busy machine. */
describe('dead letters on the AWS runtime (moto): the real DLQs', () => {
  let stack: TestStack | undefined
  let runtime: AwsRuntime | undefined
  afterEach(() => {
    runtime?.close()
    stack?.close()
  })

  const start = async (script: Script, apiRoute: 'sync' | 'async') => {
    stack = await startTestStack('dlq', {
      maxReceives: 3,
      env: {
        CHORUS_API_ROUTE: apiRoute,
        CHORUS_SYNC_BUDGET_MS: apiRoute === 'async' ? '50' : '5000',
        CHORUS_SEED_TENANT: 'acme',
        CHORUS_MODEL_RETRY_BACKOFF_MS: '5',
      },
    })
    runtime = await startAwsRuntime({
      config: stack.config,
      clients: stack.clients,
      models: makeScriptedProvider(script),
    })
    const rt = runtime
    const s = stack
    const call = async (
      tenantId: string,
      method: string,
      resource: string,
      params: Record<string, string> = {},
    ) => {
      const id = `${method} ${resource}`
      const handler = {
        'GET /dead-letters': rt.core.handlers.listDeadLetters,
        'GET /dead-letters/{id}': rt.core.handlers.getDeadLetter,
        'POST /dead-letters/{id}/redrive': rt.core.handlers.redriveDeadLetter,
        'DELETE /dead-letters/{id}': rt.core.handlers.discardDeadLetter,
        'GET /runs/{runId}': rt.core.handlers.getRun,
        'POST /chats/{chatId}/messages': rt.core.handlers.postMessage,
      }[id]
      if (!handler) throw new Error(`no handler for ${id}`)
      const body = method === 'POST' && resource.includes('messages') ? { content: 'hi' } : undefined
      const res = await handler(as(tenantId, apiEvent(method, resource, params, body)), lambdaContext())
      return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as unknown) : undefined }
    }
    const driver = makeEmulatorDriver({
      clients: s.clients,
      stack: s.stack,
      handlers: Object.fromEntries(CONSUMERS.map((c) => [c, rt.consumers[c]])) as Record<
        Consumer,
        SqsBatchHandler
      >,
    })
    const letters = async (tenantId: string) =>
      ((await call(tenantId, 'GET', '/dead-letters')).body as { deadLetters: Letter[] }).deadLetters
    const run = async (runId: string) => (await call('acme', 'GET', '/runs/{runId}', { runId })).body as Run
    return { rt, call, driver, letters, run }
  }

  it('lists a record SQS moved to the DLQ with its reason, to its tenant only; a redrive after the fix completes the run', async () => {
    let modelDown = true
    const { call, driver, letters, run } = await start((_, purpose) => {
      if (purpose.service !== 'planner') return 'the answer'
      if (modelDown) throw new ChorusError('model.failed', 'upstream 503', { retryable: true })
      return oneStep
    }, 'async')
    const { runId } = (await call('acme', 'POST', '/chats/{chatId}/messages', { chatId: 'c' })).body as {
      runId: string
    }
    await driver.drain()

    expect((await run(runId)).failure?.code).toBe('model.failed')
    const [letter, ...more] = await letters('acme')
    expect(more).toEqual([])
    expect(letter).toMatchObject({ consumer: 'planner', runId, eventName: 'RunRequested', receives: 3 })
    const id = letter?.id as string
    const detail = (await call('acme', 'GET', '/dead-letters/{id}', { id })).body as {
      reason: { code: string; message: string }
    }
    expect(detail.reason.code).toBe('model.failed')
    expect(detail.reason.message).toContain('upstream 503')

    expect(await letters('globex')).toEqual([])
    for (const method of ['GET', 'DELETE'])
      expect((await call('globex', method, '/dead-letters/{id}', { id })).status).toBe(404)
    expect((await call('globex', 'POST', '/dead-letters/{id}/redrive', { id })).status).toBe(404)
    expect((await letters('acme')).map((l) => l.id)).toEqual([id])

    modelDown = false
    const redrive = await call('acme', 'POST', '/dead-letters/{id}/redrive', { id })
    expect(redrive).toMatchObject({ status: 200, body: { run: { runId, effect: 'resumed' } } })
    await driver.drain()

    const after = await run(runId)
    expect([after.status, after.output]).toEqual(['completed', 'the answer'])
    expect(after.events.map((e) => e.name).slice(0, 4)).toEqual([
      'RunRequested',
      'RunFailed',
      'RunResumed',
      'PlanCreated',
    ])
    expect(await letters('acme')).toEqual([])
  }, 90_000)

  it('keeps what the sync route gives up on in the same DLQ, and redrives it through the SQS queue', async () => {
    let toolDown = true
    const { call, driver, letters, run } = await start((_, purpose) => {
      if (purpose.service === 'planner') return oneStep
      if (toolDown) throw new ChorusError('tool.failed', 'search backend unreachable', { retryable: true })
      return 'the answer'
    }, 'sync')
    const posted = await call('acme', 'POST', '/chats/{chatId}/messages', { chatId: 'c' })
    const { runId } = posted.body as { runId: string }

    expect((await run(runId)).failure?.code).toBe('queue.exhausted')
    const [letter] = await letters('acme')
    expect(letter).toMatchObject({ consumer: 'workers', runId, eventName: 'TaskQueued', receives: 3 })

    toolDown = false
    const redrive = await call('acme', 'POST', '/dead-letters/{id}/redrive', { id: letter?.id as string })
    expect(redrive.body).toMatchObject({ run: { effect: 'resumed' } })
    const drained = await driver.drain()

    expect(drained.workers.succeeded).toBe(1)
    expect((await run(runId)).status).toBe('completed')
    expect(await letters('acme')).toEqual([])
  }, 90_000)
})
