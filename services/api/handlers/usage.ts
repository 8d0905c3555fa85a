import type { Logger } from '#platform/log/index.ts'
import type { UsageService } from '../core/usage.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { getUsage } from '../operations/usage.ts'

/** `GET /usage?since=&until=`: the caller's tenant's usage by day and by team (ADR 0031). */
export const makeUsageHandler = ({ usage, logger }: { usage: UsageService; logger: Logger }) => ({
  getUsage: implement(getUsage, { logger }, async ({ caller, query }) =>
    json(200, await usage.report(caller.tenantId, query)),
  ),
})
