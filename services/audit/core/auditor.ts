import type { EventLog, ModelCallStore, RunStore, ToolCallStore } from '#platform/store/index.ts'
import type { AnchorLog } from './anchor-log.ts'
import { auditRecords } from './audit-run.ts'
import { exportBundle } from './bundle.ts'
import type { AuditReport } from './report.ts'

/** What an audit reads: the run's log and records. Deliberately no model, tool or bus. */
export interface AuditorDeps {
  log: EventLog
  modelCalls: ModelCallStore
  toolCalls: ToolCallStore
  /** The run record: its status and terminal event must agree with the log. */
  runs: Pick<RunStore, 'getRun'>
}

/** Audits runs and exports them as verifiable bundles, from stored records only. */
export const makeAuditor = ({ log, modelCalls, toolCalls, runs }: AuditorDeps) => {
  const records = async (tenantId: string, runId: string) => {
    const [links, models, tools, record] = await Promise.all([
      log.chain(tenantId, runId),
      modelCalls.list(tenantId, runId),
      toolCalls.list(tenantId, runId),
      runs.getRun(tenantId, runId),
    ])
    const run = record
      ? {
          status: record.status,
          ...(record.terminalEventId ? { terminalEventId: record.terminalEventId } : {}),
        }
      : undefined
    // Other runs of the tenant, read only when a double-texting decision names them.
    const runLogs = (other: string) => log.list(tenantId, other)
    return { tenantId, runId, links, modelCalls: models, toolCalls: tools, runLogs, ...(run ? { run } : {}) }
  }
  return {
    /** The audit report, or undefined when the run has no events (unknown to this tenant). */
    audit: async (
      tenantId: string,
      runId: string,
      options: { anchors?: { log: AnchorLog; publicKey: string } } = {},
    ): Promise<AuditReport | undefined> => {
      const input = await records(tenantId, runId)
      if (input.links.length === 0) return undefined
      const { anchors } = options
      const anchor = anchors
        ? { runAnchor: await anchors.log.prove(tenantId, runId), publicKey: anchors.publicKey }
        : undefined
      return auditRecords({ ...input, ...(anchor ? { anchor } : {}) })
    },
    /** The run's current chain head and every hash of its log, as the anchor log folds it in. */
    head: async (tenantId: string, runId: string) => {
      const links = await log.chain(tenantId, runId)
      const last = links.at(-1)
      const hashes = links.map((l) => l.hash)
      return last ? { tenantId, runId, length: links.length, head: last.hash, hashes } : undefined
    },
    /** The run as a bundle (JSON lines + chain head), or undefined when unknown. */
    exportBundle: async (
      tenantId: string,
      runId: string,
      signingKey?: string,
      anchors?: AnchorLog,
    ): Promise<string | undefined> => {
      const input = await records(tenantId, runId)
      if (input.links.length === 0) return undefined
      const anchor = await anchors?.prove(tenantId, runId)
      return exportBundle({ ...input, ...(signingKey ? { signingKey } : {}), ...(anchor ? { anchor } : {}) })
    },
  }
}

export type Auditor = ReturnType<typeof makeAuditor>
