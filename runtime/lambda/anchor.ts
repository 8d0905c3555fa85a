import type { SQSBatchResponse, SQSEvent } from 'aws-lambda'
import { makeLogger } from '#platform/log/index.ts'
import { makeAwsAnchoring } from '../aws/anchors.ts'
import { makeAwsClients } from '../aws/clients.ts'
import { loadAwsConfig } from '../aws/config.ts'

let anchoring: ReturnType<typeof makeAwsAnchoring> | undefined

/**
 * Lambda entry point of the anchoring queue (ADR 0026): runs that ended, whose heads it signs with
 * the KMS key only its role may use and publishes to the Object Lock bucket. It builds no core:
 * it reads the table and writes nothing else.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  if (!anchoring) {
    const config = loadAwsConfig(process.env)
    if (!config.anchors)
      throw new Error('the anchoring function needs CHORUS_ANCHOR_BUCKET_NAME and CHORUS_ANCHOR_KEY_ID')
    anchoring = makeAwsAnchoring({
      config: { tableName: config.tableName, anchors: config.anchors },
      clients: makeAwsClients(config.region, config.endpoints),
      logger: makeLogger({ level: config.logLevel }),
    })
  }
  return anchoring.handler(event)
}
