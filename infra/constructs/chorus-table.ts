import { RemovalPolicy } from 'aws-cdk-lib'
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb'
import { Key } from 'aws-cdk-lib/aws-kms'
import { Construct } from 'constructs'

export interface ChorusTableProps {
  stage: string
  /** Deletion protection and a retained table. */
  prod: boolean
}

/** The TTL attribute (epoch seconds) of idempotency, lease and checkpoint items. */
export const TTL_ATTRIBUTE = 'expiresAt'

/** The secondary indexes, as `platform/store/table.ts` declares them: `<name>PK`/`<name>SK`, all attributes. */
export const GSI_NAMES = ['GSI1', 'GSI2'] as const

/**
 * The single table (DESIGN §4), key schema as `ensureTable` creates it: PK/SK, GSI1 and GSI2
 * (string keys, all attributes projected), TTL on `expiresAt`, on-demand, point-in-time recovery,
 * encrypted with its own KMS key.
 */
export class ChorusTable extends Construct {
  readonly key: Key
  readonly table: Table

  constructor(scope: Construct, id: string, { stage, prod }: ChorusTableProps) {
    super(scope, id)
    this.key = new Key(this, 'Key', {
      alias: `alias/chorus-${stage}-table`,
      description: 'Encrypts the Chorus table',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    })
    for (const name of GSI_NAMES)
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: `${name}PK`, type: AttributeType.STRING },
        sortKey: { name: `${name}SK`, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      })
  }
}
