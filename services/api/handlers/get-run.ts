import type { Logger } from '#platform/log/index.ts'
import { notFound } from '../core/api-error.ts'
import { getRunView, type RunViewDeps } from '../core/run-view.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { getRun } from '../operations/runs.ts'

/** `GET /runs/{runId}`: status, plan, steps with outputs and the ordered event log, for the caller's tenant only. */
export const makeGetRunHandler = ({ logger, ...deps }: RunViewDeps & { logger: Logger }) =>
  implement(getRun, { logger }, async ({ caller, params: { runId } }) => {
    const view = await getRunView(deps, caller.tenantId, runId)
    if (!view) throw notFound('run', runId)
    return json(200, view)
  })
