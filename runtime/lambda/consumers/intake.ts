import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { containerRuntime } from '../container.ts'

/** Lambda entry point of the bus intake queue: outside producers' events (ADR 0020). */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const runtime = await containerRuntime()
  return runtime.intake(event)
}
