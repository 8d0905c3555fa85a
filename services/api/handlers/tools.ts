import type { Logger } from '#platform/log/index.ts'
import type { ToolCatalog } from '#services/workers/index.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { listTools } from '../operations/teams.ts'

/** `GET /tools`: the tools the caller's teams may use (built-in and the tenant's HTTP tools). */
export const makeListToolsHandler = ({ tools, logger }: { tools: ToolCatalog; logger: Logger }) =>
  implement(listTools, { logger }, async ({ caller }) =>
    json(200, { tools: (await tools.forTenant(caller.tenantId)).list() }),
  )
