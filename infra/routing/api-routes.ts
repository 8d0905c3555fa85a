import { API_GROUPS } from '../../runtime/lambda/api/routes.ts'

/** One HTTP route of the REST API, and the group (function) that serves it. */
export interface ApiRouteSpec {
  group: string
  method: string
  /** Resource path without the leading slash, e.g. `chats/{chatId}/messages`. */
  path: string
  /** Names of its `{param}` path parameters. */
  pathParams: string[]
  /** Whether it takes a JSON body (POST, PUT, PATCH). */
  hasBody: boolean
}

/** The API as data: `group → ['METHOD /path', …]`, the shape of `runtime/lambda/api/routes.ts`. */
export type ApiGroupsTable = Readonly<Record<string, readonly string[]>>

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) \/([A-Za-z0-9_{}/.-]*)$/

/**
 * Every route of every group, parsed; throws on a route that is not `METHOD /path`.
 * @example apiRoutes({ runs: ['GET /runs/{runId}'] }) // [{ group: 'runs', method: 'GET', path: 'runs/{runId}', … }]
 */
export const apiRoutes = (groups: ApiGroupsTable = API_GROUPS): ApiRouteSpec[] =>
  Object.entries(groups).flatMap(([group, routes]) =>
    routes.map((route) => {
      const match = ROUTE.exec(route)
      if (!match?.[1] || match[2] === undefined)
        throw new Error(`API route "${route}" of group ${group} is not "METHOD /path"`)
      const [, method, path] = match
      return {
        group,
        method,
        path,
        pathParams: [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string),
        hasBody: ['POST', 'PUT', 'PATCH'].includes(method),
      }
    }),
  )

/** The groups of the API table, in table order. */
export const apiGroupNames = (groups: ApiGroupsTable = API_GROUPS): string[] => Object.keys(groups)
