import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import { z } from 'zod'
import { RunCompleted, RunFailed, RunId, TenantId } from '#events'
import { describeError } from '#platform/errors/index.ts'
import type { Logger } from '#platform/log/index.ts'
import {
  makeEventLog,
  makeModelCallStore,
  makeRunStore,
  makeTable,
  makeToolCallStore,
} from '#platform/store/index.ts'
import {
  makeAnchorer,
  makeAnchorLog,
  makeAuditor,
  makeKmsSigner,
  makeS3AnchorStore,
} from '#services/audit/index.ts'
import type { AwsClients } from './clients.ts'
import type { AwsConfig } from './config.ts'

type AnchorConfig = NonNullable<AwsConfig['anchors']>

/**
 * The anchors every other function reads (ADR 0026): signed heads and leaves in the Object Lock
 * bucket, and the KMS key's public key (`kms:GetPublicKey`, once per container). No signer: these
 * functions may not `kms:Sign`, and their core does not anchor.
 */
export const readAwsAnchors = async (anchors: AnchorConfig, clients: AwsClients) => ({
  log: makeAnchorLog({ store: makeS3AnchorStore({ client: clients.s3, bucket: anchors.bucket }) }),
  publicKey: await makeKmsSigner({ kms: clients.kms, keyId: anchors.keyId }).publicKey(),
})

/** What the anchoring queue delivers: a live `RunCompleted` or `RunFailed` as EventBridge sends it. */
const RunEnded = z.object({
  'detail-type': z.enum([RunCompleted.name, RunFailed.name]),
  detail: z.object({ meta: z.object({ tenantId: TenantId, runId: RunId }) }),
})

/**
 * The anchoring function (ADR 0026), the only one whose role may `kms:Sign` with the anchor key:
 * each record of its queue is a run that ended; the runs of a batch are folded into their tenants'
 * trees (one KMS signature per tenant and batch) and the signed heads written to the Object Lock
 * bucket. It reads the table and never writes it. A record that fails is reported for SQS to
 * redeliver (partial batch failures).
 */
export const makeAwsAnchoring = ({
  config,
  clients,
  logger,
}: {
  config: Pick<AwsConfig, 'tableName'> & { anchors: AnchorConfig }
  clients: AwsClients
  logger: Logger
}) => {
  const table = makeTable(clients.dynamo.documentClient, config.tableName)
  const auditor = makeAuditor({
    log: makeEventLog(table),
    modelCalls: makeModelCallStore(table),
    toolCalls: makeToolCallStore(table),
    runs: makeRunStore(table),
  })
  const { bucket, keyId, lock } = config.anchors
  const log = makeAnchorLog({
    store: makeS3AnchorStore({ client: clients.s3, bucket, lock }),
    signer: makeKmsSigner({ kms: clients.kms, keyId }),
  })
  const anchorer = makeAnchorer({ log, readHead: auditor.head, logger })

  const handle = async (record: SQSRecord): Promise<boolean> => {
    let body: unknown
    try {
      body = JSON.parse(record.body)
    } catch {
      body = undefined
    }
    const parsed = RunEnded.safeParse(body)
    if (!parsed.success) {
      // Retrying cannot make it parse: said loudly, and left to the queue's DLQ.
      logger.error('anchoring: not a run end', { messageId: record.messageId, problem: parsed.error.message })
      return false
    }
    const { tenantId, runId } = parsed.data.detail.meta
    try {
      await anchorer.anchor(tenantId, runId)
      return true
    } catch (error) {
      logger.warn('anchoring failed, SQS will redeliver', { tenantId, runId, error: describeError(error) })
      return false
    }
  }

  return {
    log,
    /** The SQS batch handler of the anchoring queue. */
    handler: async (batch: SQSEvent): Promise<SQSBatchResponse> => {
      const outcomes = await Promise.all(batch.Records.map(handle))
      const failed = batch.Records.filter((_, i) => !outcomes[i])
      return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.messageId })) }
    },
  }
}
