import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SQSRecord } from 'aws-lambda'
import { afterAll, describe, expect, it } from 'vitest'
import { type Consumer, type Envelope, type Failure, newId, StepCompleted, TaskQueued } from '#events'
import { makeFileBlobStore } from '../blobs/index.ts'
import { offloadDetail } from '../bus/offload.ts'
import { ChorusError } from '../errors/index.ts'
import { silentLogger } from '../log/index.ts'
import { makeSqsConsumer } from './sqs-consumer.ts'

const root = mkdtempSync(join(tmpdir(), 'chorus-sqs-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
const blobs = makeFileBlobStore({ root })

const taskFor = (runId: string, stepId = 'research', seq = 1): Envelope => {
  const draft = TaskQueued.draft(
    { stepId, team: 'researcher', goal: 'g', instruction: 'i', inputs: [] },
    {
      tenantId: 'acme',
      runId,
      correlationId: runId,
      causationId: null,
      route: 'async',
      actor: { kind: 'system', id: 'test' },
    },
  )
  return { meta: { ...draft.meta, seq }, data: draft.data }
}

/** An SQS record carrying an EventBridge event, the way the rule's target delivers it. */
const recordOf = (
  event: Envelope | string,
  receives = 1,
  extra: Record<string, unknown> = {},
): SQSRecord => ({
  messageId: newId(),
  receiptHandle: 'h',
  body:
    typeof event === 'string'
      ? event
      : JSON.stringify({
          id: newId(),
          source: 'chorus.supervisor',
          'detail-type': event.meta.name,
          detail: { meta: event.meta, data: event.data },
          ...extra,
        }),
  attributes: {
    ApproximateReceiveCount: String(receives),
    SentTimestamp: '0',
    SenderId: 's',
    ApproximateFirstReceiveTimestamp: '0',
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
  awsRegion: 'us-east-1',
})

const consumerWith = (consume: (event: Envelope) => Promise<void>, maxReceives = 3) => {
  const deadLetters: { event: Envelope; reason: Failure }[] = []
  const handler = makeSqsConsumer({
    consumer: 'workers',
    consume: (_: Consumer, event) => consume(event),
    deadLettered: async (_, event, reason) => {
      deadLetters.push({ event, reason })
    },
    blobs,
    logger: silentLogger,
    maxReceives,
  })
  return { handler, deadLetters }
}

describe('SQS consumer', () => {
  it('reports only the records that failed, and handles their siblings', async () => {
    const handled: string[] = []
    const { handler } = consumerWith(async (event) => {
      if (event.meta.runId === poisonRun)
        throw new ChorusError('model.failed', 'upstream 503', { retryable: true })
      handled.push(event.meta.runId)
    })
    const poisonRun = newId()
    const [a, b] = [newId(), newId()]
    const records = [recordOf(taskFor(a)), recordOf(taskFor(poisonRun)), recordOf(taskFor(b))]

    const response = await handler({ Records: records })

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[1]?.messageId }])
    expect(handled.sort()).toEqual([a, b].sort())
  })

  it.each([
    ['a body that is not JSON', 'not json'],
    ['a body that is not an EventBridge event', JSON.stringify({ hello: 'world' })],
    [
      'an event with invalid data',
      JSON.stringify({
        source: 'chorus.supervisor',
        'detail-type': 'TaskQueued',
        detail: { meta: {}, data: {} },
      }),
    ],
  ])('leaves %s for the DLQ without touching its siblings', async (_, body) => {
    const handled: string[] = []
    const { handler, deadLetters } = consumerWith(async (event) => {
      handled.push(event.meta.eventId)
    })
    const good = taskFor(newId())
    const bad = recordOf(body)

    const response = await handler({ Records: [bad, recordOf(good)] })

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: bad.messageId }])
    expect(handled).toEqual([good.meta.eventId])
    expect(deadLetters).toEqual([])
  })

  it('retries a momentary conflict within the invocation, but not other retryable errors', async () => {
    let conflicts = 0
    const { handler: patient } = consumerWith(async () => {
      if (++conflicts < 3)
        throw new ChorusError('store.conflict', 'run leased by another delivery', { retryable: true })
    })
    const first = recordOf(taskFor(newId()))
    expect((await patient({ Records: [first] })).batchItemFailures).toEqual([])
    expect(conflicts).toBe(3)

    let calls = 0
    const { handler: strict } = consumerWith(async () => {
      calls++
      throw new ChorusError('model.failed', 'upstream 503', { retryable: true })
    })
    const second = recordOf(taskFor(newId()))
    expect((await strict({ Records: [second] })).batchItemFailures).toEqual([
      { itemIdentifier: second.messageId },
    ])
    expect(calls).toBe(1)
  })

  it('ends the run with the reason on the last receive only, and still leaves the record to SQS', async () => {
    const { handler, deadLetters } = consumerWith(async () => {
      throw new ChorusError('model.failed', 'upstream 503', { retryable: true })
    }, 3)
    const event = taskFor(newId())

    const early = await handler({ Records: [recordOf(event, 2)] })
    expect(early.batchItemFailures).toHaveLength(1)
    expect(deadLetters).toEqual([])

    const last = await handler({ Records: [recordOf(event, 3)] })
    expect(last.batchItemFailures).toHaveLength(1)
    expect(deadLetters).toEqual([
      { event, reason: { code: 'model.failed', message: 'upstream 503', retryable: true } },
    ])
  })

  it('reports the record even when ending its run fails', async () => {
    const handler = makeSqsConsumer({
      consumer: 'workers',
      consume: async () => {
        throw new Error('boom')
      },
      deadLettered: async () => {
        throw new Error('table unavailable')
      },
      blobs,
      logger: silentLogger,
      maxReceives: 1,
    })
    const record = recordOf(taskFor(newId()))
    expect((await handler({ Records: [record] })).batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ])
  })

  it('handles the records of one run one after the other, in queue order, and runs in parallel', async () => {
    const log: string[] = []
    const { handler } = consumerWith(async (event) => {
      log.push(`start ${event.data && (event.data as { stepId: string }).stepId}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
      log.push(`end ${(event.data as { stepId: string }).stepId}`)
    })
    const [run, other] = [newId(), newId()]
    await handler({
      Records: [
        recordOf(taskFor(run, 'first', 1)),
        recordOf(taskFor(other, 'other', 1)),
        recordOf(taskFor(run, 'second', 2)),
      ],
    })
    expect(log.indexOf('end first')).toBeLessThan(log.indexOf('start second'))
    expect(log.indexOf('start other')).toBeLessThan(log.indexOf('end first'))
  })

  it('carries the replay name of a replayed event into meta.replay', async () => {
    const seen: Envelope[] = []
    const { handler } = consumerWith(async (event) => {
      seen.push(event)
    })
    await handler({ Records: [recordOf(taskFor(newId()), 1, { 'replay-name': 'nightly' })] })
    expect(seen[0]?.meta.replay).toBe('nightly')
  })

  it('puts offloaded fields back before parsing', async () => {
    const seen: Envelope[] = []
    const { handler } = consumerWith(async (event) => {
      seen.push(event)
    })
    const runId = newId()
    const draft = StepCompleted.draft(
      { stepId: 'write', output: { text: 'x'.repeat(5000) } },
      {
        tenantId: 'acme',
        runId,
        correlationId: runId,
        causationId: null,
        route: 'async',
        actor: { kind: 'system', id: 't' },
      },
    )
    const event: Envelope = { meta: { ...draft.meta, seq: 1 }, data: draft.data }
    const { detail } = await offloadDetail({ event, source: 'chorus.workers', blobs, limit: 2000 })
    const body = JSON.stringify({
      source: 'chorus.workers',
      'detail-type': 'StepCompleted',
      detail: JSON.parse(detail),
    })

    const response = await handler({ Records: [recordOf(body)] })

    expect(response.batchItemFailures).toEqual([])
    expect(seen).toEqual([event])
  })
})
