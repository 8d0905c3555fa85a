import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import type { Logger } from '#platform/log/index.ts'

/** A Lambda-style HTTP handler (API Gateway REST proxy event in, proxy result out). */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>

export interface LocalRoute {
  method: string
  /** Path template, e.g. `/runs/{runId}`. */
  path: string
  handler: ApiHandler
}

export interface LocalServerOptions {
  routes: readonly LocalRoute[]
  logger: Logger
  /** Fills the authorizer context the way API Gateway would (tenant, principal); undefined → no access. */
  authorize: (req: IncomingMessage) => Record<string, string> | undefined
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

const send = (res: ServerResponse, result: APIGatewayProxyResult) => {
  res.writeHead(result.statusCode, (result.headers ?? {}) as Record<string, string>)
  res.end(result.body)
}

const problem = (statusCode: number, code: string, message: string): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8' },
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
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

/**
 * Serves the API's Lambda handlers over plain HTTP for the embedded runtime: it adapts each
 * request into the API Gateway proxy event the handlers get on AWS, and nothing else.
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
            res,
            problem(405, 'http.methodNotAllowed', `${method} is not allowed on ${url.pathname}`),
          )
        return send(res, problem(404, 'http.notFound', `no route for ${method} ${url.pathname}`))
      }
      const body = await readBody(req, limit)
      if (body === 'too-large')
        return send(res, problem(413, 'http.tooLarge', `request body exceeds ${limit} bytes`))
      const authorizer = options.authorize(req)
      const event = {
        resource: match.route.path,
        path: url.pathname,
        httpMethod: method,
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
        ),
        multiValueHeaders: {},
        queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : null,
        multiValueQueryStringParameters: null,
        pathParameters: Object.fromEntries(
          match.route.names.map((n, i) => [n, decodeURIComponent(match.values[i] ?? '')]),
        ),
        stageVariables: null,
        body: body.length > 0 ? body : null,
        isBase64Encoded: false,
        requestContext: {
          authorizer: authorizer ?? null,
          identity: { sourceIp: req.socket.remoteAddress ?? '' },
          httpMethod: method,
          path: url.pathname,
          resourcePath: match.route.path,
          stage: 'local',
          requestId: crypto.randomUUID(),
        },
      } as unknown as APIGatewayProxyEvent
      send(res, await match.route.handler(event, { awsRequestId: crypto.randomUUID() } as Context))
    } catch (error) {
      options.logger.error('local server failed', { error })
      if (!res.headersSent) send(res, problem(500, 'internal', 'internal error'))
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
