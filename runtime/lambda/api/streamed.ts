import type { Writable } from 'node:stream'
import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import { containerRuntime } from '../container.ts'
import { noOperation } from './group.ts'
import { streamedOperationAt } from './routes.ts'
import { type HttpResponseStreamFrom, streamResult } from './stream-response.ts'

/** A Lambda handler in response-streaming mode: the API Gateway proxy event in, the answer written to `responseStream`. */
export type StreamedHandler = (
  event: APIGatewayProxyEvent,
  responseStream: Writable,
  context: Context,
) => Promise<void>

/**
 * How long before Lambda's timeout a stream is ended cleanly (the client resumes with `Last-Event-ID`).
 * A stream is checked after each frame, and a quiet one still sends a heartbeat every 15 s, so this
 * covers a heartbeat, a poll and a read.
 */
export const STREAM_RESERVE_MS = 30_000

/**
 * The entry point of the streamed operations (`STREAMED_OPERATIONS`): finds the operation of the
 * request's `httpMethod` and `resource`, calls the same core handler the local server pipes, and
 * writes its answer to the response stream until the stream's end, the client's leaving or
 * `STREAM_RESERVE_MS` before the function's timeout. `from` is the runtime's
 * `awslambda.HttpResponseStream.from` (a test passes the same wire format, `../testing.ts`).
 * @example export const handler = awslambda.streamifyResponse(streamedApi(from))
 */
export const streamedApi =
  (from: HttpResponseStreamFrom): StreamedHandler =>
  async (event, responseStream, context) => {
    const operationId = streamedOperationAt(event.httpMethod, event.resource)
    const outOfTime = () => context.getRemainingTimeInMillis() < STREAM_RESERVE_MS
    if (!operationId)
      return streamResult(noOperation(event.httpMethod, event.resource), responseStream, { from, outOfTime })
    const runtime = await containerRuntime()
    await runtime.prepare()
    const result = await runtime.core.handlers[operationId](event, context)
    await streamResult(result, responseStream, { from, outOfTime })
  }
