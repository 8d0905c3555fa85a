import type { IncomingMessage } from 'node:http'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { ApiError, illFormed } from '#services/api/index.ts'

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** Percent-decodes one URL component; what is not well-formed UTF-8 is a 400 naming `at`. */
const decodeStrict = (raw: string, at: string): string => {
  try {
    return decodeURIComponent(raw)
  } catch {
    throw illFormed(at, 'well-formed percent-encoded UTF-8')
  }
}

/**
 * The query string as API Gateway hands it over (`+` is a space, the last of a repeated name
 * wins, null when there is none), decoded strictly: `URLSearchParams` would turn a bad escape
 * into U+FFFD without a word.
 */
export const parseQuery = (search: string): Record<string, string> | null => {
  const pairs = search
    .replace(/^\?/, '')
    .split('&')
    .filter((pair) => pair.length > 0)
  if (pairs.length === 0) return null
  return Object.fromEntries(
    pairs.map((pair) => {
      const cut = pair.indexOf('=')
      const [rawName, rawValue] = cut < 0 ? [pair, ''] : [pair.slice(0, cut), pair.slice(cut + 1)]
      const name = decodeStrict(rawName.replaceAll('+', ' '), `query.${rawName.slice(0, 64)}`)
      return [name, decodeStrict(rawValue.replaceAll('+', ' '), `query.${name}`)]
    }),
  )
}

/**
 * Reads the whole body as UTF-8, up to `limit` bytes: more (declared or sent) is a 413, bytes
 * that are not UTF-8 a 400. Resolves undefined when the client went away (or the server cut a
 * slow body off: its request timeout answered already).
 */
export const readBody = (req: IncomingMessage, limit: number): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const tooLarge = () => new ApiError('request.tooLarge', `body: more than ${limit} bytes`)
    if (Number(req.headers['content-length']) > limit) {
      req.resume()
      return reject(tooLarge())
    }
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (outcome: () => void) => {
      if (settled) return
      settled = true
      outcome()
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) return
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      chunks.length = 0
      req.resume()
      settle(() => reject(tooLarge()))
    })
    req.on('end', () =>
      settle(() => {
        try {
          resolve(UTF8.decode(Buffer.concat(chunks)))
        } catch {
          reject(illFormed('body', 'well-formed UTF-8'))
        }
      }),
    )
    req.on('error', () => settle(() => resolve(undefined)))
    req.on('close', () => settle(() => resolve(undefined)))
  })

/** A route matched by the local server: its template and the raw values of its `{names}`. */
export interface MatchedRoute {
  path: string
  names: readonly string[]
  values: readonly string[]
}

/** The API Gateway REST proxy event of a request, as the handlers get it on AWS. */
export const toProxyEvent = (
  req: IncomingMessage,
  url: URL,
  method: string,
  match: MatchedRoute,
  body: string,
  authorizer: Record<string, string>,
): APIGatewayProxyEvent =>
  ({
    resource: match.path,
    path: url.pathname,
    httpMethod: method,
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
    ),
    multiValueHeaders: {},
    queryStringParameters: parseQuery(url.search),
    multiValueQueryStringParameters: null,
    pathParameters: Object.fromEntries(
      match.names.map((n, i) => [n, decodeStrict(match.values[i] ?? '', `path.${n}`)]),
    ),
    stageVariables: null,
    body: body.length > 0 ? body : null,
    isBase64Encoded: false,
    requestContext: {
      authorizer,
      identity: { sourceIp: req.socket.remoteAddress ?? '' },
      httpMethod: method,
      path: url.pathname,
      resourcePath: match.path,
      stage: 'local',
      requestId: crypto.randomUUID(),
    },
  }) as unknown as APIGatewayProxyEvent
