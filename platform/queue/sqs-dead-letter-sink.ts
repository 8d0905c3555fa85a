import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { type Consumer, type Envelope, type Failure, findDefinition, newId } from '#events'
import type { DeadLetterNotes } from '../store/dead-letter-notes.ts'

export interface SqsDeadLetterSinkDeps {
  sqs: Pick<SQSClient, 'send'>
  /** Each consumer's DLQ; a consumer left out keeps no letters from this process. */
  queues: Partial<Record<Consumer, { dlqUrl: string }>>
  notes: DeadLetterNotes
  region?: string
}

/** The SQS body a consumer's rule would have delivered for the event: EventBridge's envelope around it. */
export const bridgeBodyOf = (event: Envelope, region = 'us-east-1') =>
  JSON.stringify({
    version: '0',
    id: newId(),
    'detail-type': event.meta.name,
    source: findDefinition(event.meta.name, event.meta.version)?.source ?? 'chorus.unknown',
    account: '000000000000',
    time: event.meta.occurredAt,
    region,
    resources: [],
    detail: event,
  })

/**
 * Where the AWS runtime's in-process (sync route) queues put what they give up on: into the
 * consumer's own SQS DLQ, shaped as its rule delivers events, with the reason noted beside the run,
 * so these letters are listed and redriven like the ones SQS moved there itself.
 */
export const makeSqsDeadLetterSink = ({ sqs, queues, notes, region }: SqsDeadLetterSinkDeps) => ({
  /** Notes why the consumer gave up on the event (SQS moves the message to the DLQ itself). */
  note: async (consumer: Consumer, event: Envelope, reason: Failure, receives: number) => {
    const { tenantId, runId, eventId } = event.meta
    await notes.record(
      { tenantId, runId, consumer, eventId },
      { reason, receives, at: new Date().toISOString() },
    )
  },

  /**
   * Notes the reason and sends the event to the consumer's DLQ. It is kept routed `async`: the
   * request that waited for it has long been answered, so once redriven its run goes on through
   * the queues like any handed-over run.
   */
  keep: async (consumer: Consumer, event: Envelope, reason: Failure, receives: number) => {
    const dlqUrl = queues[consumer]?.dlqUrl
    if (!dlqUrl) throw new Error(`no dead-letter queue is configured for ${consumer}`)
    const { tenantId, runId, eventId } = event.meta
    await notes.record(
      { tenantId, runId, consumer, eventId },
      { reason, receives, at: new Date().toISOString() },
    )
    const queued = { ...event, meta: { ...event.meta, route: 'async' as const } }
    await sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: bridgeBodyOf(queued, region) }))
  },
})

export type SqsDeadLetterSink = ReturnType<typeof makeSqsDeadLetterSink>
