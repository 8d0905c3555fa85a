import { CreateQueueCommand, SendMessageCommand } from '@aws-sdk/client-sqs'
import { afterAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { motoClients, uniquePrefix } from '../../runtime/aws/testing/emulator.ts'
import { makeFileBlobStore } from '../blobs/index.ts'
import { ChorusError } from '../errors/index.ts'
import { silentLogger } from '../log/index.ts'
import { queueTestEvent } from './queue.conformance.ts'
import { makeSqsConsumer } from './sqs-consumer.ts'
import { makeSqsPoller } from './sqs-poller.ts'
import { backoffSeconds, makeSqsRetryBackoff } from './sqs-retry-backoff.ts'

const clients = motoClients()
afterAll(() => clients.destroy())

describe('SQS retry back-off', () => {
  it('doubles by receive from the base, up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffSeconds(n))).toEqual([2, 4, 8, 16])
    expect(backoffSeconds(20)).toBe(900)
    expect(backoffSeconds(3, { baseSeconds: 1, maxSeconds: 3 })).toBe(3)
  })

  it('brings a failed message back after its back-off, not after the queue visibility timeout (moto)', async () => {
    const { QueueUrl = '' } = await clients.sqs.send(
      new CreateQueueCommand({
        QueueName: uniquePrefix('backoff'),
        Attributes: { VisibilityTimeout: '120' },
      }),
    )
    const event = queueTestEvent()
    await clients.sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: JSON.stringify({
          id: newId(),
          source: 'chorus.supervisor',
          'detail-type': event.meta.name,
          detail: { meta: event.meta, data: event.data },
        }),
      }),
    )
    let deliveries = 0
    const waits: number[] = []
    const backoff = makeSqsRetryBackoff(clients.sqs, { baseSeconds: 1 })
    const handler = makeSqsConsumer({
      consumer: 'workers',
      consume: async () => {
        deliveries++
        if (deliveries === 1) throw new ChorusError('model.failed', 'down for a moment', { retryable: true })
      },
      deadLettered: async () => {},
      blobs: makeFileBlobStore({ root: '/tmp/chorus-unused-blobs' }),
      logger: silentLogger,
      maxReceives: 5,
      retryBackoff: async (record, receives) => {
        const seconds = await backoff(record, receives)
        waits.push(seconds)
        return seconds
      },
    })
    const poller = makeSqsPoller({ sqs: clients.sqs, queueUrl: QueueUrl, handler })

    expect(await poller.pollOnce()).toMatchObject({ received: 1, failed: 1 })
    expect(waits).toEqual([1])
    // The queue would hide it for 120 s; the back-off brings it back within seconds.
    let again = { received: 0 }
    for (let i = 0; i < 40 && again.received === 0; i++) {
      await new Promise((r) => setTimeout(r, 250))
      again = await poller.pollOnce()
    }
    expect(again).toMatchObject({ received: 1, succeeded: 1 })
    expect(deliveries).toBe(2)
  })
})
