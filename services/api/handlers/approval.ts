import { RunId } from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { Approvals } from '../core/approvals.ts'
import { ApprovalBody } from '../http/approval-schemas.ts'
import { endpoint, jsonBody } from '../http/endpoint.ts'
import { bodyOf, callerOf, json, pathParam } from '../http/middleware.ts'

/**
 * `POST /runs/{runId}/approval`: records the first decision on a waiting run and hands it to the
 * supervisor (202, follow the run); the same request again answers the same; another decision after
 * the first is a 409 naming it.
 */
export const makeApprovalHandler = ({ approvals, logger }: { approvals: Approvals; logger: Logger }) =>
  endpoint(logger)
    .use(jsonBody(ApprovalBody))
    .handler(async (event) => {
      const { tenantId, actor } = callerOf(event)
      const runId = pathParam(event, 'runId', RunId)
      const { decision, reason, plan } = bodyOf(event, ApprovalBody)
      const view = await approvals.decide({ tenantId, runId, actor, decision, reason, plan })
      return json(202, view, { location: `/runs/${runId}` })
    })
