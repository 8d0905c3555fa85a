import { streamedApi } from './streamed.ts'

/**
 * Lambda entry point of the streamed operations (`STREAMED_OPERATIONS`: the run event stream), in
 * response-streaming mode; API Gateway invokes it with `InvokeWithResponseStream` (ADR 0030).
 */
export const handler = awslambda.streamifyResponse(
  streamedApi((responseStream, prelude) => awslambda.HttpResponseStream.from(responseStream, prelude)),
)
