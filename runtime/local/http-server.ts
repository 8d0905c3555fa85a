import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import { isAuthError } from '#platform/auth/index.ts'
import type { Logger } from '#platform/log/index.ts'
import { type ApiHandler, type ApiResult, isStreaming } from '#services/api/index.ts'

export type { ApiHandler }

export interface LocalRoute {
  method: string
  /** Path template, e.g. `/runs/{runId}`. */
  path: string
  handler: ApiHandler
  /** Served without credentials (health). */
  public?: boolean
}

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
  maxBodyBytes?: number
}

const compile = (template: string) => {
  const names: string[] = []
  const pattern = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name)
    return '([^/]+)'
  })
  return { regex: new RegExp(`^${pattern}$`), names }
}

const send = (req: IncomingMessage, res: ServerResponse, result: ApiResult) => {
  res.writeHead(result.statusCode, (result.headers ?? {}) as Record<string, string>)
  if (!isStreaming(result)) return void res.end(result.body)
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

const readBody = (req: IncomingMessage, limit: number): Promise<string | 'too-large'> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        resolve('too-large')
        req.resume()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

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

/**
 * Serves the API's Lambda handlers over plain HTTP for the embedded runtime: it checks
 * credentials as API Gateway would, adapts each request into the proxy event the handlers get on
 * AWS, and pipes streaming answers (server-sent events).
 */
export const startLocalServer = async (host: string, port: number, options: LocalServerOptions) => {
  const routes = options.routes.map((r) => ({ ...r, ...compile(r.path) }))
  const limit = options.maxBodyBytes ?? 1024 * 1024

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://local')
      const method = (req.method ?? 'GET').toUpperCase()
      const matches = routes.flatMap((r) => {
        const m = r.regex.exec(url.pathname)
        return m ? [{ route: r, values: m.slice(1) }] : []
      })
      const match = matches.find((m) => m.route.method === method)
      if (!match) {
        if (matches.length > 0)
          return send(
            req,
            res,
            problem(405, 'http.methodNotAllowed', `${method} is not allowed on ${url.pathname}`),
          )
        return send(req, res, problem(404, 'http.notFound', `no route for ${method} ${url.pathname}`))
      }
      const auth = match.route.public ? { context: {} } : await authorizeOrRefuse(options, req)
      if ('refused' in auth && auth.refused) return send(req, res, auth.refused)
      const body = await readBody(req, limit)
      if (body === 'too-large')
        return send(req, res, problem(413, 'http.tooLarge', `request body exceeds ${limit} bytes`))
      const event = toProxyEvent(req, url, method, match, body, auth.context ?? {})
      send(req, res, await match.route.handler(event, { awsRequestId: crypto.randomUUID() } as Context))
    } catch (error) {
      options.logger.error('local server failed', { error })
      if (!res.headersSent) send(req, res, problem(500, 'internal', 'internal error'))
      else res.end()
    }
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

const toProxyEvent = (
  req: IncomingMessage,
  url: URL,
  method: string,
  match: { route: LocalRoute & { names: string[] }; values: string[] },
  body: string,
  authorizer: Record<string, string>,
): APIGatewayProxyEvent => {
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value)
    } catch {
      return value // a malformed escape reaches the handler as is, and fails its parameter check
    }
  }
  return {
    resource: match.route.path,
    path: url.pathname,
    httpMethod: method,
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
    ),
    multiValueHeaders: {},
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : null,
    multiValueQueryStringParameters: null,
    pathParameters: Object.fromEntries(match.route.names.map((n, i) => [n, decode(match.values[i] ?? '')])),
    stageVariables: null,
    body: body.length > 0 ? body : null,
    isBase64Encoded: false,
    requestContext: {
      authorizer,
      identity: { sourceIp: req.socket.remoteAddress ?? '' },
      httpMethod: method,
      path: url.pathname,
      resourcePath: match.route.path,
      stage: 'local',
      requestId: crypto.randomUUID(),
    },
  } as unknown as APIGatewayProxyEvent
}
