import { API_GROUPS } from '../../runtime/lambda/api/routes.ts'
import { API_OPERATIONS } from '../../services/api/routes.ts'

/** One HTTP route of the REST API, and the group (function) that serves it. */
export interface ApiRouteSpec {
  group: string
  method: string
  /** Resource path without the leading slash, e.g. `chats/{chatId}/messages`. */
  path: string
  /** Names of its `{param}` path parameters. */
  pathParams: string[]
  /** The operation always takes a JSON body (its body schema refuses none). */
  requiresBody: boolean
  /** Open without credentials (the liveness probe). */
  public: boolean
}

/** The API as data: `group → ['METHOD /path', …]`, the shape of `runtime/lambda/api/routes.ts`. */
export type ApiGroupsTable = Readonly<Record<string, readonly string[]>>

/** What infra reads of an operation of `services/api/routes.ts`. */
export interface OperationSpec {
  method: string
  path: string
  public?: boolean
  body?: { safeParse(value: unknown): { success: boolean } }
}

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) \/([A-Za-z0-9_{}/.-]*)$/

/**
 * Every route of every group, with what its operation in `services/api/routes.ts` says about
 * credentials and body; throws on a route that is not `METHOD /path` or names no operation.
 * @example apiRoutes({ runs: ['GET /runs/{runId}'] }) // [{ group: 'runs', method: 'GET', path: 'runs/{runId}', … }]
 */
export const apiRoutes = (
  groups: ApiGroupsTable = API_GROUPS,
  operations: readonly OperationSpec[] = API_OPERATIONS,
): ApiRouteSpec[] =>
  Object.entries(groups).flatMap(([group, routes]) =>
    routes.map((route) => {
      const match = ROUTE.exec(route)
      if (!match?.[1] || match[2] === undefined)
        throw new Error(`API route "${route}" of group ${group} is not "METHOD /path"`)
      const [, method, path] = match
      const operation = operations.find((op) => op.method === method && op.path === `/${path}`)
      if (!operation) throw new Error(`API route "${route}" of group ${group} is no operation of the API`)
      return {
        group,
        method,
        path,
        pathParams: [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string),
        requiresBody: operation.body !== undefined && !operation.body.safeParse(undefined).success,
        public: operation.public === true,
      }
    }),
  )

/** The groups of the API table, in table order. */
export const apiGroupNames = (groups: ApiGroupsTable = API_GROUPS): string[] => Object.keys(groups)
