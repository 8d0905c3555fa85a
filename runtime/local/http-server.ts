import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import type { APIGatewayProxyResult, Context } from 'aws-lambda'
import { httpStatusOf } from '#events'
import { isAuthError } from '#platform/auth/index.ts'
import { isChorusError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import { type ApiHandler, type ApiResult, INPUT_LIMITS, isStreaming } from '#services/api/index.ts'
import { readBody, toProxyEvent } from './http-request.ts'

export type { ApiHandler }

export interface LocalRoute {
  method: string
  /** Path template, e.g. `/runs/{runId}`; `{name+}` takes the rest of the path (`/console/{path+}`). */
  path: string
  handler: ApiHandler
  /** Served without credentials (health). */
  public?: boolean
}

/** How long a client may take, in ms: to send its headers, its whole request, and idle between requests. */
export interface HttpTimeouts {
  headersMs: number
  requestMs: number
  keepAliveMs: number
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 5_000, requestMs: 10_000, keepAliveMs: 5_000 }

export interface LocalServerOptions {
  routes: readonly LocalRoute[]
  logger: Logger
  /**
   * Checks a request's credentials and returns the authorizer context API Gateway would pass on
   * (tenant, principal, key); throws an `AuthError` (401/403) to refuse it.
   */
  authorize: (
    req: IncomingMessage,
  ) => Record<string, string> | undefined | Promise<Record<string, string> | undefined>
  /** Defaults: `DEFAULT_HTTP_TIMEOUTS`. */
  timeouts?: Partial<HttpTimeouts>
  /** Defaults: `INPUT_LIMITS` of the API. */
  maxBodyBytes?: number
  maxHeaderBytes?: number
}

/** A path template as a pattern: `{name}` is one segment, `{name+}` (API Gateway's greedy form) the rest of the path. */
const compile = (template: string) => {
  const names: string[] = []
  const pattern = template.replace(/\{(\w+)(\+?)\}/g, (_, name: string, greedy: string) => {
    names.push(name)
    return greedy ? '(.+)' : '([^/]+)'
  })
  return { regex: new RegExp(`^${pattern}$`), names }
}

const send = (req: IncomingMessage, res: ServerResponse, result: ApiResult) => {
  res.writeHead(result.statusCode, (result.headers ?? {}) as Record<string, string>)
  if (!isStreaming(result))
    return void res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body)
  // A stream ends when its run ends, or when the client goes away.
  res.flushHeaders()
  req.once('close', () => result.body.destroy())
  result.body.once('error', () => res.end()).pipe(res)
}

const problem = (
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify({ error: { code, message } }),
})

/** A client error (4xx) the server raises itself, as the answer; undefined for anything else. */
const clientProblem = (error: unknown) => {
  if (!isChorusError(error)) return undefined
  const status = httpStatusOf(error.code)
  return status < 500 ? problem(status, error.code, error.message) : undefined
}

/** Runs the authorizer; a refusal becomes the 401/403 answer API Gateway would give. */
const authorizeOrRefuse = async (options: LocalServerOptions, req: IncomingMessage) => {
  try {
    return { context: await options.authorize(req) }
  } catch (error) {
    if (!isAuthError(error)) throw error
    const challenge: Record<string, string> =
      error.statusCode === 401 ? { 'www-authenticate': 'Bearer error="invalid_token"' } : {}
    return { refused: problem(error.statusCode, error.code, error.message, challenge) }
  }
}

/** The answer to a request Node's parser refused or timed out, written straight to the socket. */
const rawProblem = (error: Error & { code?: string }) => {
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request.timeout', 'the request did not arrive in time']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'request.headersTooLarge', 'request headers too large']
        : [400, 'http.badRequest', 'malformed HTTP request']
  const body = JSON.stringify({ error: { code, message } })
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'content-type: application/json; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n')
}

/**
 * Serves the API's Lambda handlers over plain HTTP for the embedded runtime: it checks
 * credentials as API Gateway would, adapts each request into the proxy event the handlers get on
 * AWS, and pipes streaming answers (server-sent events). A client that is slow to send its
 * headers or body gets a 408 and is disconnected; one idle between requests is disconnected.
 */
export const startLocalServer = async (host: string, port: number, options: LocalServerOptions) => {
  const routes = options.routes.map((r) => ({ ...r, ...compile(r.path) }))
  const limit = options.maxBodyBytes ?? INPUT_LIMITS.bodyBytes
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts }
  // The answer each connection is writing, so a timeout never corrupts one already under way.
  const answering = new WeakMap<Duplex, ServerResponse>()

  const server: Server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      keepAliveTimeout: timeouts.keepAliveMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(timeouts.headersMs / 4))),
      maxHeaderSize: options.maxHeaderBytes ?? INPUT_LIMITS.headerBytes,
    },
    async (req, res) => {
      answering.set(req.socket, res)
      try {
        const url = new URL(req.url ?? '/', 'http://local')
        const method = (req.method ?? 'GET').toUpperCase()
        const matches = routes.flatMap((r) => {
          const m = r.regex.exec(url.pathname)
          return m ? [{ route: r, values: m.slice(1) }] : []
        })
        const match = matches.find((m) => m.route.method === method)
        if (!match) {
          if (matches.length === 0)
            return send(req, res, problem(404, 'http.notFound', `no route for ${method} ${url.pathname}`))
          const allow = [...new Set(matches.map((m) => m.route.method))].join(', ')
          const message = `${method} is not allowed on ${url.pathname}`
          return send(req, res, problem(405, 'http.methodNotAllowed', message, { allow }))
        }
        const auth = match.route.public ? { context: {} } : await authorizeOrRefuse(options, req)
        if ('refused' in auth && auth.refused) return send(req, res, auth.refused)
        const body = await readBody(req, limit)
        if (body === undefined) return // the client went away, or was answered 408 and cut off
        const route = { path: match.route.path, names: match.route.names, values: match.values }
        const event = toProxyEvent(req, url, method, route, body, auth.context ?? {})
        send(req, res, await match.route.handler(event, { awsRequestId: crypto.randomUUID() } as Context))
      } catch (error) {
        const answer = clientProblem(error)
        if (!answer) options.logger.error('local server failed', { error })
        if (!res.headersSent) send(req, res, answer ?? problem(500, 'internal', 'internal error'))
        else res.end()
      }
    },
  )
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    const inFlight = answering.get(socket)
    const free = !inFlight || inFlight.writableFinished || !inFlight.headersSent
    if (socket.writable && free && error.code !== 'ECONNRESET')
      return void socket.end(rawProblem(error), () => socket.destroy())
    socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
