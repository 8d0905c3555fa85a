import type { Logger } from '#platform/log/index.ts'
import type { AnchorLog, Auditor, Replayer } from '#services/audit/index.ts'
import { renderReport } from '#services/audit/index.ts'
import { notFound } from '../core/api-error.ts'
import { implement } from '../http/implement.ts'
import { json } from '../http/middleware.ts'
import {
  auditRun,
  compareReplay,
  exportRunBundle,
  listAnchorHeads,
  startReplay,
} from '../operations/audit.ts'

export interface AuditHandlerDeps {
  auditor: Auditor
  /** Present where the runtime can re-deliver archived events itself (the embedded one). */
  replayer?: Replayer
  /** Signs exported bundles (HMAC-SHA256) when set. */
  signingKey?: string
  /** The tenants' signed anchor trees and the public key that checks them (ADR 0019), where runs are anchored. */
  anchors?: { log: AnchorLog; publicKey: string }
  logger: Logger
}

const notHere = () =>
  json(501, {
    error: { code: 'replay.unavailable', message: 'this runtime replays through EventBridge StartReplay' },
  })

/** Audit endpoints: a run's audit report, its bundle, and replays of the caller's archive. */
export const makeAuditHandlers = ({ auditor, replayer, signingKey, anchors, logger }: AuditHandlerDeps) => ({
  auditRun: implement(auditRun, { logger }, async ({ caller, params: { runId }, query: { format } }) => {
    const report = await auditor.audit(caller.tenantId, runId, anchors ? { anchors } : {})
    if (!report) throw notFound('run', runId)
    if (format === 'json') return json(200, report)
    return {
      statusCode: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: renderReport(report),
    }
  }),

  exportRunBundle: implement(exportRunBundle, { logger }, async ({ caller, params: { runId } }) => {
    const bundle = await auditor.exportBundle(caller.tenantId, runId, signingKey, anchors?.log)
    if (!bundle) throw notFound('run', runId)
    return {
      statusCode: 200,
      headers: {
        'content-type': 'application/x-ndjson',
        'content-disposition': `attachment; filename="${runId}.chorus-audit.jsonl"`,
      },
      body: bundle,
    }
  }),

  listAnchorHeads: implement(listAnchorHeads, { logger }, async ({ caller: { tenantId }, query }) => {
    const { from, to } = query
    if (!anchors) return json(200, { anchoring: false, heads: [] })
    const [heads, latest] = await Promise.all([anchors.log.sizes(tenantId), anchors.log.head(tenantId)])
    const asked = from !== undefined || to !== undefined
    const consistency = asked ? await anchors.log.consistency(tenantId, from, to) : undefined
    if (asked && !consistency) throw notFound('anchor', `signed head ${from ?? 'first'}..${to ?? 'latest'}`)
    return json(200, {
      anchoring: true,
      heads,
      ...(latest ? { latest } : {}),
      ...(consistency ? { consistency } : {}),
    })
  }),

  startReplay: implement(startReplay, { logger }, async ({ caller, body }) => {
    if (!replayer) return notHere()
    return json(202, await replayer.start({ ...body, tenantId: caller.tenantId }))
  }),

  compareReplay: implement(compareReplay, { logger }, async ({ caller, params: { name, runId } }) => {
    if (!replayer) return notHere()
    const comparison = await replayer.compare(caller.tenantId, runId, name)
    if (!comparison) throw notFound('run', runId)
    return json(200, comparison)
  }),
})
