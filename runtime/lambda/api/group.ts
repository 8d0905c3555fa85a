import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import type { Core } from '../../core.ts'
import { containerRuntime } from '../container.ts'
import { API_GROUPS, type ApiGroup, type ApiRoute } from './routes.ts'

/** A Lambda HTTP handler: API Gateway REST proxy event in, proxy result out. */
export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>

const notFound = (route: string): APIGatewayProxyResult => ({
  statusCode: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error: { code: 'http.notFound', message: `no route ${route}` } }),
})

/**
 * The entry point of an API group: picks the core's handler for `METHOD /resource` of the request.
 * Every route of the group in `API_GROUPS` must be given (checked by the type).
 * @example export const handler = apiGroup('runs', { 'GET /runs/{runId}': (core) => core.handlers.getRun })
 */
export const apiGroup =
  <G extends ApiGroup>(group: G, routes: Record<ApiRoute<G>, (core: Core) => ApiHandler>): ApiHandler =>
  async (event, context) => {
    const route = `${event.httpMethod} ${event.resource}`
    const pick = (API_GROUPS[group] as readonly string[]).includes(route)
      ? routes[route as ApiRoute<G>]
      : undefined
    if (!pick) return notFound(route)
    const runtime = await containerRuntime()
    await runtime.prepare()
    return pick(runtime.core)(event, context)
  }
