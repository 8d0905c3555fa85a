import type { Readable } from 'node:stream'
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'

/** A handler of the HTTP API: an API Gateway REST proxy event in, a proxy result out. */
export type JsonHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>

/** A handler whose answer may stream (server-sent events). */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<ApiResult>

/**
 * A proxy result, or one whose body streams (server-sent events): the shape middy's
 * `executionModeStreamifyResponse` sends on Lambda and the local server pipes.
 */
export type ApiResult = APIGatewayProxyResult | StreamingResult
export interface StreamingResult {
  statusCode: number
  headers: Record<string, string>
  body: Readable
}

/** True when the result's body is a stream to pipe, not a string. */
export const isStreaming = (result: ApiResult): result is StreamingResult => typeof result.body !== 'string'
