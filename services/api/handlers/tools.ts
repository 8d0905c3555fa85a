import type { Logger } from '#platform/log/index.ts'
import type { ToolCatalog } from '#services/workers/index.ts'
import { endpoint } from '../http/endpoint.ts'
import { callerOf, json } from '../http/middleware.ts'

/** `GET /tools`: the tools the caller's teams may use (built-in and the tenant's HTTP tools). */
export const makeListToolsHandler = ({ tools, logger }: { tools: ToolCatalog; logger: Logger }) =>
  endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    return json(200, { tools: (await tools.forTenant(tenantId)).list() })
  })
