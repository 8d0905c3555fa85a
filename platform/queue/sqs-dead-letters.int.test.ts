import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Consumer, type Envelope, newId } from '#events'
import { startTestStack, type TestStack } from '../../runtime/aws/testing/emulator.ts'
import { describeDeadLetterStores } from '../store/dead-letter-stores.conformance.ts'
import { makeDeadLetterNotes, makeTable } from '../store/index.ts'
import { describeDeadLetters } from './dead-letters.conformance.ts'
import { testEvent } from './queue-store.conformance.ts'
import { makeSqsDeadLetters } from './sqs-dead-letters.ts'

/** An SQS message body as a consumer's rule delivers it: the EventBridge event around the envelope. */
const bodyOf = (event: Envelope) =>
  JSON.stringify({
    version: '0',
    id: newId(),
    source: 'chorus.supervisor',
    'detail-type': event.meta.name,
    detail: { meta: event.meta, data: event.data },
  })

let stack: TestStack
beforeAll(async () => {
  stack = await startTestStack('dlq')
}, 60_000)
afterAll(() => stack?.close())

const deadLettersOn = (s: TestStack) =>
  makeSqsDeadLetters({
    sqs: s.clients.sqs,
    queues: s.stack.queues,
    notes: makeDeadLetterNotes(makeTable(s.clients.dynamo.documentClient, s.stack.tableName)),
    waitSeconds: 0,
  })

/** Takes every message from a queue; returns the decodable events. */
const takeAll = async (s: TestStack, queueUrl: string): Promise<Envelope[]> => {
  const events: Envelope[] = []
  for (;;) {
    const { Messages = [] } = await s.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    )
    if (Messages.length === 0) return events
    for (const m of Messages) {
      const body = JSON.parse(m.Body ?? '{}') as { detail?: Envelope }
      if (body.detail) events.push(body.detail)
    }
    await s.clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
      }),
    )
  }
}

describeDeadLetters('SQS DLQs on moto', async () => {
  const notes = makeDeadLetterNotes(makeTable(stack.clients.dynamo.documentClient, stack.stack.tableName))
  const arrived: Record<string, Envelope[]> = {}
  return {
    deadLetters: deadLettersOn(stack),
    park: async (consumer: Consumer, event, letter) => {
      await stack.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: stack.stack.queues[consumer].dlqUrl, MessageBody: bodyOf(event) }),
      )
      const { tenantId, runId, eventId } = event.meta
      await notes.record({ tenantId, runId, consumer, eventId }, letter)
    },
    arrived: async (consumer, tenantId) => {
      const all = [...(arrived[consumer] ?? []), ...(await takeAll(stack, stack.stack.queues[consumer].url))]
      arrived[consumer] = all.filter((e) => e.meta.tenantId !== tenantId)
      return all.filter((e) => e.meta.tenantId === tenantId)
    },
  }
})

describeDeadLetterStores('moto', async () => ({
  table: makeTable(stack.clients.dynamo.documentClient, stack.stack.tableName),
  close: async () => {},
}))

describe('SQS dead letters on moto', () => {
  it('lists a message SQS moved without a recorded failure, naming that, with its receive count and time', async () => {
    const tenant = `t-${newId().toLowerCase()}`
    const event = testEvent(newId(), 1, tenant)
    const before = Date.now()
    await stack.clients.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.stack.queues.workers.dlqUrl, MessageBody: bodyOf(event) }),
    )

    const [letter] = await deadLettersOn(stack).list(tenant)

    expect(letter?.event).toEqual(event)
    expect(letter?.reason).toMatchObject({ code: 'queue.exhausted', retryable: true })
    expect(letter?.reason.message).toContain('no failure was recorded')
    expect(letter?.receives).toBeGreaterThanOrEqual(1)
    expect(Date.parse(letter?.at ?? '')).toBeGreaterThanOrEqual(before - 1000)
  })

  it('leaves a message that is not an event in the DLQ, visible again, and shows it to no tenant', async () => {
    const junk = JSON.stringify({ source: 'chorus.api', 'detail-type': 'RunRequested', detail: {} })
    const dlqUrl = stack.stack.queues.planner.dlqUrl
    await takeAll(stack, dlqUrl)
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: junk }))

    expect(await deadLettersOn(stack).list('acme', { consumer: 'planner' })).toEqual([])

    const { Messages = [] } = await stack.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    )
    expect(Messages.map((m) => m.Body)).toEqual([junk])
  })
})
