import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs'
import { afterAll } from 'vitest'
import { motoClients, uniquePrefix } from '../../runtime/aws/testing/emulator.ts'
import { makeFileBlobStore } from '../blobs/index.ts'
import { silentLogger } from '../log/index.ts'
import { LocalQueue } from './local-queue.ts'
import { describeQueue } from './queue.conformance.ts'
import { openSqliteQueueStore } from './sqlite-queue-store.ts'
import { makeSqsConsumer } from './sqs-consumer.ts'
import { makeSqsPoller } from './sqs-poller.ts'

const dir = mkdtempSync(join(tmpdir(), 'chorus-queue-conf-'))
const clients = motoClients()
afterAll(() => {
  clients.destroy()
  rmSync(dir, { recursive: true, force: true })
})
let n = 0

describeQueue('embedded (SQLite)', async (handle, { maxReceives }) => {
  const store = openSqliteQueueStore({ path: join(dir, `q${n++}.sqlite`) })
  const queue = new LocalQueue({
    name: 'workers',
    logger: silentLogger,
    store,
    maxReceives,
    backoffMs: 1,
    handler: handle,
  })
  return {
    send: async (event) => queue.send(event),
    drain: () => queue.idle(),
    deadLetterIds: async () => queue.deadLetters.map((l) => l.event.meta.eventId),
  }
})

describeQueue('SQS with a redrive policy (moto)', async (handle, { maxReceives }) => {
  const create = async (name: string, attributes: Record<string, string> = {}) =>
    (await clients.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl ??
    ''
  const name = uniquePrefix('conf')
  const dlqUrl = await create(`${name}-dlq`)
  const { Attributes } = await clients.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  )
  const queueUrl = await create(name, {
    VisibilityTimeout: '30',
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: Attributes?.QueueArn,
      maxReceiveCount: maxReceives,
    }),
  })
  const handler = makeSqsConsumer({
    consumer: 'workers',
    consume: async (_, event) => handle(event),
    deadLettered: async () => {},
    blobs: makeFileBlobStore({ root: join(dir, 'blobs') }),
    logger: silentLogger,
    maxReceives,
  })
  const poller = makeSqsPoller({ sqs: clients.sqs, queueUrl, handler })
  return {
    send: async (event) => {
      await clients.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify({
            id: event.meta.eventId,
            source: 'chorus.supervisor',
            'detail-type': event.meta.name,
            detail: { meta: event.meta, data: event.data },
          }),
        }),
      )
    },
    // Lambda's event source mapping, with failed records visible again at once.
    drain: async () => {
      for (let empty = 0; empty < 2; ) {
        const { received } = await poller.pollOnce({ retryAfterSeconds: 0 })
        empty = received === 0 ? empty + 1 : 0
      }
    },
    deadLetterIds: async () => {
      const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
      )
      return Messages.map(
        (m) => (JSON.parse(m.Body ?? '{}') as { detail: { meta: { eventId: string } } }).detail.meta.eventId,
      )
    },
  }
})
