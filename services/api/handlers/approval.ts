import type { Logger } from '#platform/log/index.ts'
import type { Approvals } from '../core/approvals.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import { decideApproval } from '../operations/runs.ts'

/**
 * `POST /runs/{runId}/approval`: records the first decision on a waiting run and hands it to the
 * supervisor (202, follow the run); the same request again answers the same; another decision after
 * the first is a 409 naming it.
 */
export const makeApprovalHandler = ({ approvals, logger }: { approvals: Approvals; logger: Logger }) =>
  implement(decideApproval, { logger }, async ({ caller: { tenantId, actor }, params: { runId }, body }) => {
    const { decision, reason, plan } = body
    const view = await approvals.decide({ tenantId, runId, actor, decision, reason, plan })
    return json(202, view, { location: `/runs/${runId}` })
  })
