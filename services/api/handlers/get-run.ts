import { RunId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import { notFound } from '../core/api-error.ts'
import { getRunView, type RunViewDeps } from '../core/run-view.ts'
import { endpoint } from '../http/endpoint.ts'
import { callerOf, json, pathParam } from '../http/middleware.ts'

/** `GET /runs/{runId}`: status, plan, steps with outputs and the ordered event log, for the caller's tenant only. */
export const makeGetRunHandler = ({ logger, ...deps }: RunViewDeps & { logger: Logger }) =>
  endpoint(logger).handler(async (event) => {
    const { tenantId } = callerOf(event)
    const runId = pathParam(event, 'runId', RunId)
    const view = await getRunView(deps, tenantId, runId)
    if (!view) throw notFound('run', runId)
    return json(200, view)
  })
