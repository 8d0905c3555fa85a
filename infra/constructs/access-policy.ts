import { Stack } from 'aws-cdk-lib'
import type { ITable } from 'aws-cdk-lib/aws-dynamodb'
import type { IEventBus } from 'aws-cdk-lib/aws-events'
import { type IRole, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import type { Access } from '../config/functions.ts'
import { acknowledge } from '../nag/acknowledge.ts'
import { type ArnWithFinding, arnWithFinding } from '../naming.ts'
import { GSI_NAMES } from './chorus-table.ts'

/** The stores a function may be granted, with the keys that encrypt them. */
export interface AccessTargets {
  table: ITable
  tableKey: IKey
  /** The blob bucket's fixed name (`blobBucketName`): its object ARNs need no cross-stack reference. */
  bucketName: string
  bucketKey: IKey
  bus: IEventBus
  /** The bus's archive, which replays read. */
  archiveArn: string
  modelKey: ISecret
  secretsKey: IKey
  /** Prefix of the teams' tool secrets, e.g. `chorus/dev/tools/`. */
  toolSecretPrefix: string
  /** Every consumer queue with its dead-letter queue and the key that encrypts both. */
  queues: readonly { queueArn: string; dlqArn: string; key: IKey }[]
}

const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query']
/**
 * Puts and updates. Nothing writes in batches (`BatchWriteItem`), and the event log's transaction is two
 * conditional puts, which IAM authorises as `PutItem` (there is no `ConditionCheckItem` in it).
 */
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem']
const TABLE_DELETE = ['dynamodb:DeleteItem']

/** Partition keys of API key items (`platform/store/keys.ts` `keys.apiKey`). */
export const API_KEY_ITEMS = 'T#*#APIKEY#*'

/** Partition keys of run items: the run, its plan, steps and event log (`keys.ts` `runPk`). */
export const RUN_ITEMS = 'T#*#RUN#*'

/** Reads of items under partition keys like `leadingKeys` only, and the table key to decrypt them. */
const partitionReads = (
  sid: string,
  actions: string[],
  leadingKeys: string,
  t: AccessTargets,
  stack: Stack,
) => [
  new PolicyStatement({
    sid,
    actions,
    resources: [t.table.tableArn],
    conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [leadingKeys] } },
  }),
  new PolicyStatement({
    sid: 'TableKey',
    actions: ['kms:Decrypt', 'kms:DescribeKey'],
    resources: [t.tableKey.keyArn],
    conditions: via('dynamodb', stack),
  }),
]

/** The table statements of an access: items, the two indexes, the table key through DynamoDB. */
const tableStatements = (access: Access, t: AccessTargets, stack: Stack): PolicyStatement[] => {
  if (access.table === 'apiKeys')
    return partitionReads('ApiKeyItems', ['dynamodb:GetItem'], API_KEY_ITEMS, t, stack)
  if (access.table === 'runItems')
    return partitionReads('RunItems', ['dynamodb:GetItem', 'dynamodb:Query'], RUN_ITEMS, t, stack)
  const writes = access.table === 'readWrite'
  return [
    new PolicyStatement({
      sid: 'TableItems',
      actions: [
        ...TABLE_READ,
        ...(writes ? TABLE_WRITE : []),
        ...(writes && access.deletesItems ? TABLE_DELETE : []),
      ],
      resources: [t.table.tableArn],
    }),
    new PolicyStatement({
      sid: 'TableIndexes',
      actions: ['dynamodb:Query'],
      resources: GSI_NAMES.map((name) => `${t.table.tableArn}/index/${name}`),
    }),
    new PolicyStatement({
      sid: 'TableKey',
      actions: writes
        ? ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey']
        : ['kms:Decrypt', 'kms:DescribeKey'],
      resources: [t.tableKey.keyArn],
      conditions: via('dynamodb', stack),
    }),
  ]
}

/** Key use only through the named service, so the key grant opens nothing but that store. */
const via = (service: string, stack: Stack) => ({
  StringEquals: { 'kms:ViaService': `${service}.${stack.region}.amazonaws.com` },
})

/**
 * Statements for exactly one function's `Access`: table items and the two indexes (named, never
 * `index/*`; `DeleteItem` only where the access deletes; API key items alone for the authorizer, run items
 * alone for the run event stream), objects of the blob bucket, PutEvents on the bus, the model key, tool secrets under
 * the stage prefix; each KMS grant limited to the store's service with `kms:ViaService`. No `*`
 * action anywhere.
 */
export const accessStatements = (scope: Construct, access: Access, t: AccessTargets): PolicyStatement[] => {
  const stack = Stack.of(scope)
  const statements = tableStatements(access, t, stack)
  if (access.blobs !== 'none') {
    const blobWrites = access.blobs === 'readWrite'
    statements.push(
      new PolicyStatement({
        sid: 'BlobObjects',
        actions: blobWrites ? ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] : ['s3:GetObject'],
        resources: [blobObjects(stack, t.bucketName).arn],
      }),
      new PolicyStatement({
        sid: 'BlobList',
        actions: ['s3:ListBucket'],
        resources: [
          arnWithFinding(stack, { service: 's3', region: '', account: '', resource: t.bucketName }).arn,
        ],
      }),
      new PolicyStatement({
        sid: 'BlobKey',
        actions: blobWrites ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [t.bucketKey.keyArn],
        conditions: via('s3', stack),
      }),
    )
  }
  if (access.publishes)
    statements.push(
      new PolicyStatement({ sid: 'Publish', actions: ['events:PutEvents'], resources: [t.bus.eventBusArn] }),
    )
  if (access.deadLetters) statements.push(...deadLetterStatements(access.deadLetters, t, stack))
  if (access.replays)
    statements.push(
      new PolicyStatement({ sid: 'Replay', actions: ['events:StartReplay'], resources: [t.archiveArn] }),
    )
  const secretArns = [
    ...(access.models ? [t.modelKey.secretArn] : []),
    ...(access.tools ? [toolSecrets(stack, t.toolSecretPrefix).arn] : []),
  ]
  if (secretArns.length > 0)
    statements.push(
      new PolicyStatement({
        sid: 'Secrets',
        actions: ['secretsmanager:GetSecretValue'],
        resources: secretArns,
      }),
      new PolicyStatement({
        sid: 'SecretsKey',
        actions: ['kms:Decrypt'],
        resources: [t.secretsKey.keyArn],
        conditions: via('secretsmanager', stack),
      }),
    )
  return statements
}

/**
 * Dead letters (ADR 0017): `keep` sends to the DLQs; `manage` also reads and deletes there and
 * sends back to the consumer queues. The queue keys only through SQS.
 */
const deadLetterStatements = (mode: 'manage' | 'keep', t: AccessTargets, stack: Stack) => {
  const dlqs = t.queues.map((q) => q.dlqArn)
  const statements = [
    new PolicyStatement({
      sid: 'DeadLetterQueues',
      actions:
        mode === 'manage'
          ? ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:SendMessage']
          : ['sqs:SendMessage'],
      resources: dlqs,
    }),
    new PolicyStatement({
      sid: 'QueueKeys',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: t.queues.map((q) => q.key.keyArn),
      conditions: via('sqs', stack),
    }),
  ]
  if (mode === 'manage')
    statements.push(
      new PolicyStatement({
        sid: 'Redrive',
        actions: ['sqs:SendMessage'],
        resources: t.queues.map((q) => q.queueArn),
      }),
    )
  return statements
}

/** Every object of the blob bucket: keys are per tenant and run, written as runs go. */
export const blobObjects = (stack: Stack, bucketName: string): ArnWithFinding =>
  arnWithFinding(stack, { service: 's3', region: '', account: '', resource: `${bucketName}/*` })

/** Every secret under the tool prefix (Secrets Manager appends `-` and 6 random characters to a name). */
export const toolSecrets = (stack: Stack, prefix: string): ArnWithFinding =>
  arnWithFinding(stack, { service: 'secretsmanager', resource: `secret:${prefix}*` })

/**
 * A function role's access policy, built from its `Access`. Its only wildcard resources are the
 * blob bucket's objects and the stage's tool secrets, each acknowledged by its exact cdk-nag finding.
 */
export class AccessPolicy extends Construct {
  readonly policy: Policy

  constructor(scope: Construct, id: string, props: { role: IRole; access: Access; targets: AccessTargets }) {
    super(scope, id)
    const { access, targets } = props
    this.policy = new Policy(this, 'Policy', { statements: accessStatements(this, access, targets) })
    this.policy.attachToRole(props.role)
    const stack = Stack.of(this)
    if (access.blobs !== 'none')
      acknowledge(
        this.policy,
        `IAM5[Resource::${blobObjects(stack, targets.bucketName).finding}]`,
        'Blob keys are created at run time per tenant, run and event (offloaded fields, checkpoint values); ' +
          'the grant is limited to objects of the one Chorus bucket and to the actions the access names',
      )
    if (access.tools)
      acknowledge(
        this.policy,
        `IAM5[Resource::${toolSecrets(stack, targets.toolSecretPrefix).finding}]`,
        'Tool secrets are added by operators per HTTP tool without a redeploy; the grant is GetSecretValue ' +
          "only, on secrets under this stage's tool prefix",
      )
  }
}
