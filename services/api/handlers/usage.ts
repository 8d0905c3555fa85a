import type { Logger } from '#platform/log/index.ts'
import type { UsageService } from '../core/usage.ts'
import { endpoint } from '../http/endpoint.ts'
import { callerOf, json, queryOf } from '../http/middleware.ts'
import { UsageQuery } from '../http/usage-schemas.ts'

/** `GET /usage?since=&until=`: the caller's tenant's usage by day and by team (ADR 0031). */
export const makeUsageHandler = ({ usage, logger }: { usage: UsageService; logger: Logger }) => ({
  getUsage: endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    return json(200, await usage.report(tenantId, queryOf(event, UsageQuery)))
  }),
})
