import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda'
import { methodsAt } from '#services/api/routes.ts'
import { containerRuntime } from '../container.ts'
import { type ApiGroup, operationAt } from './routes.ts'

/** A Lambda HTTP handler: API Gateway REST proxy event in, proxy result out. */
export type GroupHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>

const problem = (
  statusCode: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify({ error: { code, message } }),
})

/** 405 with `Allow` when the API serves the resource with other methods (`API_OPERATIONS`), else 404. */
export const noOperation = (method: string, resource: string): APIGatewayProxyResult => {
  const allowed = methodsAt(resource)
  if (allowed.length === 0 || allowed.includes(method))
    return problem(404, 'http.notFound', `no route ${method} ${resource}`)
  return problem(405, 'http.methodNotAllowed', `${method} is not allowed on ${resource}`, {
    allow: allowed.join(', '),
  })
}

/**
 * The entry point of an API group: finds the operation of the request's `httpMethod` and `resource`
 * among the group's (`API_GROUP_OPERATIONS`) and calls the core's handler for it; otherwise 405 (with
 * `Allow`) when the API serves the resource with other methods, else 404.
 * @example export const handler = apiGroup('runs')
 */
export const apiGroup =
  (group: ApiGroup): GroupHandler =>
  async (event, context) => {
    const operationId = operationAt(group, event.httpMethod, event.resource)
    if (!operationId) return noOperation(event.httpMethod, event.resource)
    const runtime = await containerRuntime()
    await runtime.prepare()
    return runtime.core.handlers[operationId](event, context)
  }
