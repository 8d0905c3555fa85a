import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { SQSRecord } from 'aws-lambda'

/** How long a failed record waits before its next delivery, by receive: `base · 2^(receives-1)`, capped. */
export const backoffSeconds = (receives: number, { baseSeconds = 2, maxSeconds = 900 } = {}) =>
  Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, receives - 1))

/** The queue URL of a record, from its ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
export const queueUrlOf = (record: SQSRecord): string => {
  const [, , , region, account, name] = record.eventSourceARN.split(':')
  return `https://sqs.${region}.amazonaws.com/${account}/${name}`
}

/**
 * Makes a failed record visible again after its back-off instead of the queue's whole visibility
 * timeout (up to 90 minutes for the workers): SQS `ChangeMessageVisibility` on the record's receipt.
 */
export const makeSqsRetryBackoff =
  (sqs: Pick<SQSClient, 'send'>, options: { baseSeconds?: number; maxSeconds?: number } = {}) =>
  async (record: SQSRecord, receives: number): Promise<number> => {
    const seconds = backoffSeconds(receives, options)
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrlOf(record),
        ReceiptHandle: record.receiptHandle,
        VisibilityTimeout: seconds,
      }),
    )
    return seconds
  }

/** Sets when a failed record is delivered again; resolves with the wait in seconds. */
export type RetryBackoff = ReturnType<typeof makeSqsRetryBackoff>
