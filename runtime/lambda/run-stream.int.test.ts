import type { APIGatewayProxyEvent } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AwsRuntime, startAwsRuntime } from '../aws/app.ts'
import { type EmulatorDriver, makeEmulatorDriver } from '../aws/emulator-driver.ts'
import { startTestStack, type TestStack } from '../aws/testing/emulator.ts'
import { handler as chatsApi } from './api/chats.ts'
import { STREAM_RESERVE_MS, streamedApi } from './api/streamed.ts'
import {
  apiEvent,
  httpResponseStreamFrom,
  lambdaContext,
  responseStream,
  type StreamedAnswer,
} from './testing.ts'

/** The streaming function as API Gateway invokes it (`InvokeWithResponseStream`), in this process. */
const streams = streamedApi(httpResponseStreamFrom)

const RUN_LOG = [
  '1:RunRequested',
  '2:PlanCreated',
  '3:TaskQueued',
  '4:StepCompleted',
  '5:TaskQueued',
  '6:StepCompleted',
  '7:RunCompleted',
]

/** `seq:name` of each event frame of an SSE body (comments and `retry:` carry none). */
const framesOf = (body: string) =>
  body
    .split('\n\n')
    .map((block) => /^id: (\d+)\nevent: (\w+)\ndata: /.exec(block))
    .filter((match) => match !== null)
    .map(([, seq, name]) => `${seq}:${name}`)

const streamEvent = (runId: string, { tenantId = 'acme', headers = {} } = {}): APIGatewayProxyEvent => {
  const event = apiEvent('GET', '/runs/{runId}/events', { runId })
  return {
    ...event,
    headers,
    requestContext: { ...event.requestContext, authorizer: { tenantId, principalId: `user-of-${tenantId}` } },
  }
}

const open = async (event: APIGatewayProxyEvent, context = lambdaContext()) => {
  const res = responseStream()
  await streams(event, res.stream, context)
  return res.answer()
}

describe('the run event stream on AWS: the streaming function on moto', () => {
  let stack: TestStack
  let others: AwsRuntime
  let driver: EmulatorDriver
  let chats = 0
  const post = async (content: string) => {
    const res = await chatsApi(
      apiEvent('POST', '/chats/{chatId}/messages', { chatId: `stream-${++chats}` }, { content }),
      lambdaContext(),
    )
    expect(res.statusCode).toBe(202)
    return (JSON.parse(res.body) as { runId: string }).runId
  }
  const settle = async () => {
    await driver.drain()
    await others.idle()
  }

  /** A run followed from its first event while the consumers ran it, and that answer. */
  let followed: { runId: string; answer: StreamedAnswer }
  beforeAll(async () => {
    stack = await startTestStack('stream')
    // What the CDK stack gives the API functions; the container runtime reads it on first use.
    Object.assign(process.env, stack.env, { CHORUS_API_ROUTE: 'async', CHORUS_SYNC_BUDGET_MS: '50' })
    // The consumers run in a runtime of their own, as other functions do on AWS: the streaming
    // function hears nothing of their events and finds them by reading the log.
    others = await startAwsRuntime({ config: stack.config, clients: stack.clients })
    driver = makeEmulatorDriver({ clients: stack.clients, stack: stack.stack, handlers: others.consumers })

    const runId = await post('Explain how tides work')
    const streamed = open(streamEvent(runId))
    await settle()
    followed = { runId, answer: await streamed }
  }, 90_000)
  afterAll(() => stack.close())

  it("streams a run's events in seq order as other functions append them, and ends after RunCompleted", () => {
    const { answer } = followed

    expect(answer.statusCode).toBe(200)
    expect(answer.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    expect(answer.body.startsWith('retry: 2000\n\n')).toBe(true)
    expect(framesOf(answer.body)).toEqual(RUN_LOG)
  })

  it('answers another tenant 404 for a run that is not its own, as for a run that exists nowhere', async () => {
    const theirs = await open(streamEvent(followed.runId, { tenantId: 'globex' }))
    const nowhere = await open(streamEvent('01J0000000000000000000000Z', { tenantId: 'globex' }))

    expect(theirs.statusCode).toBe(404)
    expect(theirs.headers['content-type']).toContain('application/json')
    expect(JSON.parse(theirs.body).error.code).toBe('run.notFound')
    expect(theirs.body).not.toContain('RunRequested')
    expect(nowhere.statusCode).toBe(404)
    expect(theirs.body.replace(followed.runId, '<run>')).toBe(
      nowhere.body.replace('01J0000000000000000000000Z', '<run>'),
    )
  })

  it('resumes after Last-Event-ID with only the later events', async () => {
    const resumed = await open(streamEvent(followed.runId, { headers: { 'Last-Event-ID': '4' } }))

    expect(resumed.statusCode).toBe(200)
    expect(framesOf(resumed.body)).toEqual(RUN_LOG.slice(4))
  })

  it("ends a stream cleanly before the function's timeout; the client resumes from the last id it saw", async () => {
    // Prepare: a run still going, and an invocation already inside the reserve.
    const runId = await post('Explain how rainbows form')
    const late = lambdaContext(STREAM_RESERVE_MS - 1)

    // Act
    const cut = await open(streamEvent(runId), late)
    await settle()
    const seen = framesOf(cut.body)
    const lastId = seen.at(-1)?.split(':')[0]
    const rest = await open(streamEvent(runId, { headers: lastId ? { 'Last-Event-ID': lastId } : {} }))

    // Assess: the cut answer is a whole answer without the end; together the two are the log, once.
    expect(cut.statusCode).toBe(200)
    expect(cut.body.endsWith('\n\n')).toBe(true)
    expect(seen).not.toContain('7:RunCompleted')
    expect([...seen, ...framesOf(rest.body)]).toEqual(RUN_LOG)
  }, 60_000)
})
