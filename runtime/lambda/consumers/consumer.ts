import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import type { Consumer } from '#events'
import { containerRuntime } from '../container.ts'

/** The entry point of a consumer's queue (SQS event source, `reportBatchItemFailures: true`). */
export const queueConsumer =
  (consumer: Consumer) =>
  async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const runtime = await containerRuntime()
    await runtime.prepare()
    return runtime.consumers[consumer](event)
  }
