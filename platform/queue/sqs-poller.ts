import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'

export interface SqsPollerDeps {
  /** Built by the composition root. */
  sqs: Pick<SQSClient, 'send'>
  queueUrl: string
  /** The same handler Lambda's event source mapping calls. */
  handler: (event: SQSEvent) => Promise<SQSBatchResponse>
  region?: string
}

export interface PollOptions {
  /** Messages per receive, 1-10 (default 10). */
  max?: number
  /** Long-poll seconds, 0-20 (default 0). */
  waitSeconds?: number
  /** Visibility timeout of the received messages; the queue's own when absent. */
  visibilityTimeoutSeconds?: number
  /** When set, failed messages become visible again after this many seconds instead of the visibility timeout. */
  retryAfterSeconds?: number
}

export interface PollResult {
  received: number
  succeeded: number
  failed: number
}

const arnOf = (queueUrl: string, region: string) => {
  const [account = '000000000000', name = 'queue'] = new URL(queueUrl).pathname.split('/').filter(Boolean)
  return `arn:aws:sqs:${region}:${account}:${name}`
}

/** An SQS message as Lambda's SQS event source hands it to a function. */
export const toSqsRecord = (message: Message, queueUrl: string, region: string): SQSRecord => ({
  messageId: message.MessageId ?? '',
  receiptHandle: message.ReceiptHandle ?? '',
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? 'events.amazonaws.com',
    ApproximateFirstReceiveTimestamp:
      message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: arnOf(queueUrl, region),
  awsRegion: region,
})

/**
 * Does what Lambda's SQS event source mapping does, once: receive a batch, call the handler with it,
 * delete the messages it did not report in `batchItemFailures`. Failed messages stay in the queue and
 * come back after their visibility timeout (or `retryAfterSeconds`); SQS moves them to the DLQ after
 * `maxReceiveCount`. Used by the emulator driver and by the long-running task runner.
 */
export const makeSqsPoller = ({ sqs, queueUrl, handler, region = 'us-east-1' }: SqsPollerDeps) => ({
  pollOnce: async (options: PollOptions = {}): Promise<PollResult> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: options.max ?? 10,
        WaitTimeSeconds: options.waitSeconds ?? 0,
        MessageSystemAttributeNames: ['All'],
        ...(options.visibilityTimeoutSeconds === undefined
          ? {}
          : { VisibilityTimeout: options.visibilityTimeoutSeconds }),
      }),
    )
    if (Messages.length === 0) return { received: 0, succeeded: 0, failed: 0 }
    const records = Messages.map((m) => toSqsRecord(m, queueUrl, region))
    const response = await handler({ Records: records })
    const failedIds = new Set(response.batchItemFailures.map((f) => f.itemIdentifier))
    const done = records.filter((r) => !failedIds.has(r.messageId))
    const failed = records.filter((r) => failedIds.has(r.messageId))
    if (done.length > 0)
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      )
    if (failed.length > 0 && options.retryAfterSeconds !== undefined)
      await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: queueUrl,
          Entries: failed.map((r, i) => ({
            Id: String(i),
            ReceiptHandle: r.receiptHandle,
            VisibilityTimeout: options.retryAfterSeconds,
          })),
        }),
      )
    return { received: records.length, succeeded: done.length, failed: failed.length }
  },
})

export type SqsPoller = ReturnType<typeof makeSqsPoller>
