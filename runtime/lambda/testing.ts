import { Writable } from 'node:stream'
import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import type { HttpResponseStreamFrom } from './api/stream-response.ts'

/** An API Gateway REST proxy event for `method resource`, as the authorizer of tenant `acme` fills it. */
export const apiEvent = (
  method: string,
  resource: string,
  pathParameters: Record<string, string>,
  body?: unknown,
): APIGatewayProxyEvent =>
  ({
    httpMethod: method,
    resource,
    path: resource.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name] ?? ''),
    pathParameters,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    isBase64Encoded: false,
    body: body === undefined ? null : JSON.stringify(body),
    requestContext: {
      authorizer: { tenantId: 'acme', principalId: 'user-1' },
      identity: { sourceIp: '203.0.113.7' },
    },
  }) as unknown as APIGatewayProxyEvent

/** A Lambda context with `remainingMs` left. */
export const lambdaContext = (remainingMs = 900_000): Context =>
  ({
    functionName: 'test',
    awsRequestId: 'req-1',
    getRemainingTimeInMillis: () => remainingMs,
  }) as unknown as Context

/** Eight zero bytes: what the Lambda runtime writes between an HTTP answer's prelude and its body. */
const PRELUDE_END = Buffer.alloc(8)

/**
 * `awslambda.HttpResponseStream.from` as the Lambda runtime writes it: the prelude (status and
 * headers) as JSON, eight zero bytes, then the body. API Gateway reads this format in `STREAM` mode.
 */
export const httpResponseStreamFrom: HttpResponseStreamFrom = (responseStream, prelude) => {
  responseStream.write(JSON.stringify(prelude))
  responseStream.write(PRELUDE_END)
  return responseStream
}

/** A streamed answer as API Gateway passes it on: status, headers and the body as text. */
export interface StreamedAnswer {
  statusCode: number
  headers: Record<string, string>
  body: string
}

/**
 * A response stream to hand a streaming handler, and its answer once the handler ended it.
 * @example const res = responseStream(); await handler(event, res.stream, lambdaContext()); await res.answer()
 */
export const responseStream = () => {
  const chunks: Buffer[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.from(chunk))
      done()
    },
  })
  const finished = new Promise<void>((resolve) => stream.once('finish', () => resolve()))
  return {
    stream,
    answer: async (): Promise<StreamedAnswer> => {
      await finished
      const bytes = Buffer.concat(chunks)
      const end = bytes.indexOf(PRELUDE_END)
      if (end < 0) throw new Error('the answer has no prelude')
      const prelude = JSON.parse(bytes.subarray(0, end).toString('utf8')) as Omit<StreamedAnswer, 'body'>
      return { ...prelude, body: bytes.subarray(end + PRELUDE_END.length).toString('utf8') }
    },
  }
}
