import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CONSUMERS,
  type Consumer,
  consumersOf,
  type Draft,
  type Envelope,
  MAX_ENTRY_BYTES,
  newId,
  RunCompleted,
  StepCompleted,
} from '#events'
import { makeEmulatorDriver } from '../../runtime/aws/emulator-driver.ts'
import { startTestStack, type TestStack } from '../../runtime/aws/testing/emulator.ts'
import { makeS3BlobStore } from '../blobs/s3-blob-store.ts'
import { makeLogger, silentLogger } from '../log/index.ts'
import { makeSqsConsumer } from '../queue/sqs-consumer.ts'
import { type EventLog, makeEventLog, makeTable } from '../store/index.ts'
import { type Delivery, describeBus } from './bus.conformance.ts'
import { makeEventBridgeBus } from './eventbridge-bus.ts'
import { entrySize } from './offload.ts'
import type { PutEventsClient } from './put-events.ts'

/** The bus on moto, its consumers' queues polled into recording handlers through the SQS consumer. */
const startHarness = async (
  stack: TestStack,
  options: {
    log?: Pick<EventLog, 'append' | 'appendAll'>
    client?: PutEventsClient
    logger?: typeof silentLogger
  } = {},
) => {
  const { clients, stack: resources } = stack
  const blobs = makeS3BlobStore({ client: clients.s3, bucket: resources.bucket })
  const log = makeEventLog(makeTable(clients.dynamo.documentClient, resources.tableName))
  const deliveries: Delivery[] = []
  const received: Envelope[] = []
  const inProcess: Delivery[] = []
  const handlers = Object.fromEntries(
    CONSUMERS.map((consumer) => [
      consumer,
      makeSqsConsumer({
        consumer,
        consume: async (_, event) => {
          deliveries.push({ consumer, eventId: event.meta.eventId, path: 'queue' })
          received.push(event)
        },
        deadLettered: async () => {},
        blobs,
        logger: silentLogger,
        maxReceives: resources.maxReceives,
      }),
    ]),
  ) as Record<Consumer, ReturnType<typeof makeSqsConsumer>>
  const driver = makeEmulatorDriver({ clients, stack: resources, handlers })
  const bus = makeEventBridgeBus({
    log: options.log ?? log,
    client: options.client ?? clients.eventBridge,
    busName: resources.busName,
    blobs,
    logger: options.logger ?? silentLogger,
    dispatch: (consumer, event) => {
      const delivery = { consumer, eventId: event.meta.eventId, path: 'inProcess' as const }
      inProcess.push(delivery)
      deliveries.push(delivery)
    },
    retry: { backoffMs: 5 },
  })
  return {
    bus,
    log,
    blobs,
    driver,
    received,
    inProcess: () => [...inProcess],
    settled: async () => {
      await driver.drain()
      return [...deliveries]
    },
    close: async () => {},
  }
}

describeBus('EventBridge + SQS (moto)', async () => {
  const stack = await startTestStack('bus')
  const harness = await startHarness(stack)
  return { ...harness, close: async () => stack.close() }
})

/** A log in memory: DynamoDB caps an item at 400 KB, so a 400 KB event cannot be appended to the table log. */
const memoryLog = (): Pick<EventLog, 'append' | 'appendAll'> => {
  const runs = new Map<string, Envelope[]>()
  return {
    appendAll: async () => {
      throw new Error('this log keeps events only, no state changes')
    },
    append: async (draft) => {
      const events = runs.get(draft.meta.runId) ?? []
      const existing = events.find((e) => e.meta.eventId === draft.meta.eventId)
      if (existing) return existing
      const event = { meta: { ...draft.meta, seq: events.length + 1 }, data: draft.data } as Envelope
      runs.set(draft.meta.runId, [...events, event])
      return event
    },
  }
}

const ctx = (runId: string) => ({
  tenantId: 'acme',
  runId,
  correlationId: runId,
  causationId: null,
  route: 'async' as const,
  actor: { kind: 'system' as const, id: 'test' },
})
const outcome = (runId: string, n = 0): Draft =>
  RunCompleted.draft({ output: `answer ${n}`, finalSteps: ['a'] }, ctx(runId))

type Entry = { Detail?: string; Source?: string; DetailType?: string }

describe('EventBridge bus', () => {
  let stack: TestStack
  beforeAll(async () => {
    stack = await startTestStack('eb')
  })
  afterAll(() => stack.close())

  const archivedIds = async (h: Awaited<ReturnType<typeof startHarness>>) =>
    ((await h.driver.archived()) as { detail: { meta: { eventId: string } } }[]).map(
      (e) => e.detail.meta.eventId,
    )

  it('retries only the entries PutEvents failed, so each event reaches the bus once', async () => {
    const calls: string[][] = []
    let failNext = true
    const flaky: PutEventsClient = {
      send: async (command) => {
        const entries = command.input.Entries ?? []
        calls.push(entries.map((e) => JSON.parse(e.Detail ?? '{}').meta.eventId))
        if (!failNext) return stack.clients.eventBridge.send(command)
        failNext = false
        // Every other entry fails on the first call, the way EventBridge reports it: no throw, FailedEntryCount > 0.
        const passed = entries.filter((_, i) => i % 2 === 0)
        const real = await stack.clients.eventBridge.send(new PutEventsCommand({ Entries: passed }))
        let next = 0
        return {
          ...real,
          FailedEntryCount: entries.length - passed.length,
          Entries: entries.map((_, i) =>
            i % 2 === 0
              ? (real.Entries?.[next++] ?? {})
              : { ErrorCode: 'InternalFailure', ErrorMessage: 'try again' },
          ),
        }
      },
    }
    const h = await startHarness(stack, { client: flaky })
    const runId = newId()

    const published = await h.bus.publish([
      outcome(runId, 1),
      outcome(runId, 2),
      outcome(runId, 3),
      outcome(runId, 4),
    ])

    const ids = published.map((e) => e.meta.eventId)
    expect(calls).toEqual([ids, [ids[1], ids[3]]])
    expect((await archivedIds(h)).sort()).toEqual([...ids].sort())
  })

  it('reports entries that keep failing as a retryable error, logged, and delivers them when published again', async () => {
    const lines: string[] = []
    let down = true
    const failing: PutEventsClient = {
      send: async (command) => {
        if (!down) return stack.clients.eventBridge.send(command)
        const entries = command.input.Entries ?? []
        return {
          $metadata: {},
          FailedEntryCount: entries.length,
          Entries: entries.map(() => ({ ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' })),
        }
      },
    }
    const logger = makeLogger({ level: 'warn', write: (line) => lines.push(line) })
    const h = await startHarness(stack, { client: failing, logger })
    const draft = outcome(newId())

    await expect(h.bus.publish(draft)).rejects.toMatchObject({ code: 'bus.publishFailed', retryable: true })
    expect(
      lines.some((l) => l.includes('events not delivered to the bus') && l.includes(draft.meta.eventId)),
    ).toBe(true)

    down = false
    await h.bus.publish(draft)
    expect(await archivedIds(h)).toEqual([draft.meta.eventId])
  })

  it('sends at most ten entries per PutEvents call, in order', async () => {
    const sizes: number[] = []
    const counting: PutEventsClient = {
      send: (command) => {
        sizes.push(command.input.Entries?.length ?? 0)
        return stack.clients.eventBridge.send(command)
      },
    }
    const h = await startHarness(stack, { client: counting })
    const runId = newId()
    const published = await h.bus.publish(Array.from({ length: 23 }, (_, i) => outcome(runId, i)))
    expect(sizes).toEqual([10, 10, 3])
    expect(published.map((e) => e.meta.seq)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1))
    expect(await archivedIds(h)).toHaveLength(23)
  })

  it('carries a 400 KB step output by S3 reference and hands the consumer the whole output', async () => {
    const entries: Entry[] = []
    const watching: PutEventsClient = {
      send: (command) => {
        entries.push(...(command.input.Entries ?? []))
        return stack.clients.eventBridge.send(command)
      },
    }
    const h = await startHarness(stack, { client: watching, log: memoryLog() })
    const text = 'é'.repeat(200_000) // 400,000 bytes of UTF-8
    const runId = newId()

    const [event] = await h.bus.publish(
      StepCompleted.draft(
        { stepId: 'write', output: { text, usage: { inputTokens: 1, outputTokens: 2, toolCalls: 0 } } },
        ctx(runId),
      ),
    )
    await h.driver.drain()

    const [entry] = entries
    const detail = JSON.parse(entry?.Detail ?? '{}')
    expect(entrySize(entry?.Source ?? '', entry?.DetailType ?? '', entry?.Detail ?? '')).toBeLessThanOrEqual(
      MAX_ENTRY_BYTES,
    )
    expect(detail.offloaded).toEqual([['output', 'text']])
    expect(detail.data.output.text.$blob.bytes).toBe(400_002)
    const stored = await stack.clients.s3.send(
      new ListObjectsV2Command({ Bucket: stack.stack.bucket, Prefix: `events/acme/${runId}/` }),
    )
    expect(stored.Contents?.map((o) => o.Key)).toEqual([`events/acme/${runId}/${event?.meta.eventId}/0`])
    // Every consumer of StepCompleted got the whole output back.
    const delivered = h.received.filter((e) => e.meta.eventId === event?.meta.eventId)
    expect(delivered).toHaveLength(consumersOf('StepCompleted').length)
    for (const copy of delivered) expect(copy).toEqual(event)
  })
})
