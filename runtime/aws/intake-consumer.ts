import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { describeError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import type { BusIntakeResult } from '#services/api/index.ts'

/** Message attributes that carry why an outside event was refused, on its copy in the intake DLQ. */
export const REASON_ATTRIBUTES = { code: 'chorus-reason-code', message: 'chorus-reason' } as const

export type Refusal = { code: string; message: string }

export interface IntakeConsumerDeps {
  /** The bus intake (`core.busIntake.receive`). */
  receive: (event: unknown) => Promise<BusIntakeResult>
  /** Puts a refused event in the intake DLQ at once, with the reason; unset, SQS's redrive takes it there. */
  deadLetter?: (body: string, reason: Refusal) => Promise<void>
  logger: Logger
}

/** Sends `body` to `queueUrl` with the reason as message attributes. */
export const sendToDeadLetterQueue =
  (sqs: SQSClient, queueUrl: string) =>
  async (body: string, reason: Refusal): Promise<void> => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: body,
        MessageAttributes: {
          [REASON_ATTRIBUTES.code]: { DataType: 'String', StringValue: reason.code },
          [REASON_ATTRIBUTES.message]: { DataType: 'String', StringValue: reason.message.slice(0, 4096) },
        },
      }),
    )
  }

/**
 * The Lambda handler of the bus intake queue (events from outside producers, any source but
 * `chorus.*`). Each record on its own: accepted ones are recorded and start their runs; a refused one
 * (invalid, no tenant, source not registered) goes to the DLQ at once with the reason, since a retry
 * would refuse it again; a failure (the store, the bus) is reported for SQS to redeliver.
 */
export const makeIntakeConsumer = ({ receive, deadLetter, logger }: IntakeConsumerDeps) => {
  const handle = async (record: SQSRecord): Promise<boolean> => {
    const log = logger.child({ consumer: 'intake', messageId: record.messageId })
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      body = undefined
    }
    try {
      const result =
        body === undefined
          ? ({ outcome: 'refused', code: 'intake.invalid', message: 'body: is not valid JSON' } as const)
          : await receive(body)
      if (result.outcome !== 'refused') return true
      const reason = { code: result.code, message: result.message }
      log.warn('external event refused, dead-lettered', { reason })
      if (!deadLetter) return false
      await deadLetter(record.body, reason)
      return true
    } catch (error) {
      log.warn('external event failed, SQS will redeliver', { error: describeError(error) })
      return false
    }
  }

  return async (batch: SQSEvent): Promise<SQSBatchResponse> => {
    const outcomes = await Promise.all(batch.Records.map(handle))
    const failed = batch.Records.filter((_, i) => !outcomes[i])
    return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) }
  }
}
