import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import { containerRuntime } from '../container.ts'
import { type ApiGroup, operationAt } from './routes.ts'

/** A Lambda HTTP handler: API Gateway REST proxy event in, proxy result out. */
export type GroupHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>

const notFound = (route: string): APIGatewayProxyResult => ({
  statusCode: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error: { code: 'http.notFound', message: `no route ${route}` } }),
})

/**
 * The entry point of an API group: finds the operation of the request's `httpMethod` and `resource`
 * among the group's (`API_GROUP_OPERATIONS`) and calls the core's handler for it; 404 otherwise.
 * @example export const handler = apiGroup('runs')
 */
export const apiGroup =
  (group: ApiGroup): GroupHandler =>
  async (event, context) => {
    const operationId = operationAt(group, event.httpMethod, event.resource)
    if (!operationId) return notFound(`${event.httpMethod} ${event.resource}`)
    const runtime = await containerRuntime()
    await runtime.prepare()
    return runtime.core.handlers[operationId](event, context)
  }
