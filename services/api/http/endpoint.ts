import type { Readable } from 'node:stream'
import middy from '@middy/core'
import httpJsonBodyParser from '@middy/http-json-body-parser'
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import type { z } from 'zod'
import type { Logger } from '#platform/log/index.ts'
import { inputHygiene } from './input-hygiene.ts'
import { jsonErrors, zodBody } from './middleware.ts'

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

/**
 * Every endpoint starts here: errors become JSON answers that name the problem, and the input is
 * checked for size and well-formed Unicode before anything reads it (`inputHygiene`).
 */
export const endpoint = (logger: Logger) =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>().use(jsonErrors({ logger })).use(inputHygiene())

/**
 * Parses a JSON body (415 without a JSON content type, 422 when malformed) and validates it (400).
 * `optional`: a request without a content type passes its (empty) body to the schema as it is.
 */
export const jsonBody = <S extends z.ZodType>(schema: S, options: { optional?: boolean } = {}) => [
  httpJsonBodyParser({ disableContentTypeError: options.optional ?? false }),
  zodBody(schema),
]
