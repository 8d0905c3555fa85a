import middy from '@middy/core'
import { createError } from '@middy/util'
import type { APIGatewayProxyEvent } from 'aws-lambda'
import { RunId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import { getRunView, type RunViewDeps } from '../core/run-view.ts'
import { callerOf, json, jsonErrors, pathParam } from '../http/middleware.ts'

/** `GET /runs/{runId}`: status, plan, steps with outputs and the ordered event log, for the caller's tenant only. */
export const makeGetRunHandler = ({ logger, ...deps }: RunViewDeps & { logger: Logger }) =>
  middy<APIGatewayProxyEvent>()
    .use(jsonErrors({ logger }))
    .handler(async (event) => {
      const { tenantId } = callerOf(event)
      const runId = pathParam(event, 'runId', RunId)
      const view = await getRunView(deps, tenantId, runId)
      if (!view) throw createError(404, `run ${runId} not found`, { expose: true })
      return json(200, view)
    })
