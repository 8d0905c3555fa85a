import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { Rule } from 'aws-cdk-lib/aws-events'
import {
  AccountRootPrincipal,
  AnyPrincipal,
  Effect,
  PolicyDocument,
  PolicyStatement,
} from 'aws-cdk-lib/aws-iam'
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectLockRetention,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3'
import type { Construct } from 'constructs'
import { anchorRule } from '#events'
import { API_GROUP_OPERATIONS } from '../../runtime/lambda/api/routes.ts'
import { runtimeEnvironment } from '../config/environment.ts'
import type { FunctionProfile } from '../config/functions.ts'
import type { StageConfig } from '../config/stages.ts'
import { ChorusFunction } from '../constructs/chorus-function.ts'
import { ConsumerQueue } from '../constructs/consumer-queue.ts'
import { QueueTarget } from '../constructs/queue-target.ts'
import { acknowledge } from '../nag/acknowledge.ts'
import { arnWithFinding } from '../naming.ts'
import { toEventPattern } from '../routing/event-patterns.ts'
import type { DataStack } from './data-stack.ts'
import type { EventsStack } from './events-stack.ts'
import { accessTargets, runtimeResources } from './targets.ts'

/** The anchoring function's entry (kept beside its stack until `config/lambda-entries.ts` lists it). */
export const ANCHORING_ENTRY = 'runtime/lambda/anchor.ts'

/** Reads the table (run logs) and nothing else of Chorus's stores; signs and writes only anchors. */
export const ANCHORING_PROFILE: FunctionProfile = {
  description:
    'Anchoring: signs tenants tree heads of ended runs with the KMS key, writes them under Object Lock',
  timeoutSeconds: 60,
  memoryMb: 512,
  access: { table: 'read', blobs: 'none', publishes: false, models: false, tools: false },
}

/** The anchor bucket's name: fixed per stage, account and region, so policies can name its objects. */
export const anchorBucketName = (stage: string, stack: Stack): string =>
  `chorus-${stage}-anchors-${stack.account}-${stack.region}`

/** The API operations that read anchors (audits, bundles, signed heads): their group gets read access. */
const READS_ANCHORS = ['auditRun', 'exportRunBundle', 'listAnchorHeads']

/** Object Lock of the digest files: compliance (no one may shorten it) in prod, governance elsewhere. */
export const anchorLock = (stage: StageConfig) =>
  stage.prod
    ? ({ mode: 'COMPLIANCE', retentionDays: 365 } as const)
    : ({ mode: 'GOVERNANCE', retentionDays: 30 } as const)

/** Every key-administration action, and none that uses the key (no Sign, no Verify, no Encrypt). */
const KEY_ADMIN_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
]

export interface AuditStackProps extends StackProps {
  stage: StageConfig
  data: DataStack
  events: EventsStack
}

/**
 * Anchors outside the table (ADR 0019, 0026): an asymmetric KMS key (`ECC_NIST_P256`, sign/verify)
 * whose key policy lets the anchoring function's role alone `kms:Sign` (and denies it to every other
 * principal, whatever their IAM policies say); the anchor bucket with Object Lock (versioned, a
 * default retention) where signed heads and their leaves are written; the `chorus-anchor` rule
 * (live `RunCompleted`/`RunFailed`) into the anchoring queue; and the anchoring function.
 */
export class AuditStack extends Stack {
  readonly key: Key
  readonly bucket: Bucket
  readonly queue: ConsumerQueue
  readonly rule: Rule
  readonly anchoring: ChorusFunction
  private readonly stageName: string

  constructor(scope: Construct, id: string, props: AuditStackProps) {
    super(scope, id, props)
    const { stage, data, events } = props
    const lock = anchorLock(stage)
    this.stageName = stage.name

    this.queue = new ConsumerQueue(this, 'AnchorQueue', {
      stage: stage.name,
      consumer: 'anchor',
      visibilityTimeout: Duration.seconds(6 * ANCHORING_PROFILE.timeoutSeconds),
      maxReceives: stage.maxReceives,
    })
    const spec = anchorRule()
    this.rule = new Rule(this, 'AnchorRule', {
      eventBus: events.bus,
      ruleName: spec.name,
      description: 'Runs that ended (live RunCompleted/RunFailed), for the anchoring queue',
      eventPattern: toEventPattern(spec.pattern, 'the anchor rule'),
      targets: [new QueueTarget(this.queue, spec.name)],
    })

    const accessLogs = new Bucket(this, 'AnchorAccessLogs', {
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(stage.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    })
    const bucketName = anchorBucketName(stage.name, this)
    this.bucket = new Bucket(this, 'Anchors', {
      bucketName,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        lock.mode === 'COMPLIANCE'
          ? ObjectLockRetention.compliance(Duration.days(lock.retentionDays))
          : ObjectLockRetention.governance(Duration.days(lock.retentionDays)),
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'anchors/',
      removalPolicy: RemovalPolicy.RETAIN,
    })

    const targets = accessTargets(data, events, stage.name)
    this.anchoring = new ChorusFunction(this, 'Anchoring', {
      entry: ANCHORING_ENTRY,
      profile: ANCHORING_PROFILE,
      access: ANCHORING_PROFILE.access,
      targets,
      logRetention: stage.logRetentionDays,
      environment: {},
    })
    const signer = this.anchoring.role

    this.key = new Key(this, 'AnchorKey', {
      alias: `alias/chorus-${stage.name}-anchors`,
      description:
        'Signs the tree heads of Chorus run anchors (ECDSA P-256); only the anchoring function signs',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'KeyAdministration',
            principals: [new AccountRootPrincipal()],
            actions: KEY_ADMIN_ACTIONS,
            resources: ['*'],
          }),
          new PolicyStatement({
            sid: 'AnchoringFunctionSigns',
            principals: [signer],
            actions: ['kms:Sign'],
            resources: ['*'],
            conditions: { StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256' } },
          }),
          new PolicyStatement({
            sid: 'NobodyElseSigns',
            effect: Effect.DENY,
            principals: [new AnyPrincipal()],
            actions: ['kms:Sign'],
            resources: ['*'],
            conditions: { ArnNotEquals: { 'aws:PrincipalArn': signer.roleArn } },
          }),
        ],
      }),
    })

    for (const [key, value] of Object.entries(
      runtimeEnvironment(stage, runtimeResources(data, events, stage.name), ANCHORING_PROFILE.access, {
        CHORUS_ANCHOR_BUCKET_NAME: this.bucket.bucketName,
        CHORUS_ANCHOR_KEY_ID: this.key.keyArn,
        CHORUS_ANCHOR_LOCK_MODE: lock.mode,
        CHORUS_ANCHOR_RETENTION_DAYS: String(lock.retentionDays),
      }),
    ))
      this.anchoring.fn.addEnvironment(key, value)
    const objects = arnWithFinding(this, {
      service: 's3',
      region: '',
      account: '',
      resource: `${bucketName}/trees/*`,
    })
    signer.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'AnchorKey',
        actions: ['kms:Sign', 'kms:GetPublicKey'],
        resources: [this.key.keyArn],
      }),
    )
    signer.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'AnchorObjects',
        actions: ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention'],
        resources: [objects.arn],
      }),
    )
    signer.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'AnchorList',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    )
    acknowledge(
      signer,
      `IAM5[Resource::${objects.finding}]`,
      'Anchor objects are named per tenant and tree size as runs end (trees/<tenant>/heads|leaves/…); the ' +
        'grant is limited to the trees/ prefix of the one anchor bucket, which Object Lock keeps from being deleted',
    )
    this.anchoring.fn.addEventSource(
      new SqsEventSource(this.queue.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(5),
        reportBatchItemFailures: true,
        // Few anchorers: each batch is one signature per tenant; a second head of one size is refused.
        maxConcurrency: 2,
      }),
    )

    new CfnOutput(this, 'AnchorBucketName', { value: this.bucket.bucketName })
    new CfnOutput(this, 'AnchorKeyArn', { value: this.key.keyArn })
  }

  /**
   * Lets the API functions that serve audits read anchors: the bucket's objects and the key's public
   * key (never `kms:Sign`), and tells them where both are.
   */
  allowReading(functions: ReadonlyMap<string, ChorusFunction>): void {
    const groups = Object.entries(API_GROUP_OPERATIONS)
      .filter(([, operations]) => operations.some((op: string) => READS_ANCHORS.includes(op)))
      .map(([group]) => group)
    for (const group of groups) {
      const fn = functions.get(group)
      if (!fn) continue
      const reader = Stack.of(fn)
      const name = anchorBucketName(this.stageName, reader)
      const objects = arnWithFinding(reader, {
        service: 's3',
        region: '',
        account: '',
        resource: `${name}/trees/*`,
      })
      const bucket = arnWithFinding(reader, { service: 's3', region: '', account: '', resource: name })
      fn.fn.addEnvironment('CHORUS_ANCHOR_BUCKET_NAME', name)
      fn.fn.addEnvironment('CHORUS_ANCHOR_KEY_ID', this.key.keyArn)
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'AnchorPublicKey',
          actions: ['kms:GetPublicKey'],
          resources: [this.key.keyArn],
        }),
      )
      fn.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'AnchorRead',
          actions: ['s3:GetObject', 's3:ListBucket'],
          resources: [bucket.arn, objects.arn],
        }),
      )
      acknowledge(
        fn.role,
        `IAM5[Resource::${objects.finding}]`,
        'Audits read the signed heads and leaf batches of the caller tenant, named per tree size as runs end; ' +
          'read-only, limited to the trees/ prefix of the one anchor bucket',
      )
    }
  }
}
