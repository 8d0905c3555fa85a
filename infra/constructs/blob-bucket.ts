import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib'
import { Key } from 'aws-cdk-lib/aws-kms'
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3'
import { Construct } from 'constructs'
import { blobBucketName } from '../naming.ts'

export interface BlobBucketProps {
  stage: string
  /** Offloaded event fields are kept as long as the archive that refers to them (0: forever). */
  archiveRetentionDays: number
  /** Days server access logs are kept. */
  logRetentionDays: number
}

/** Where `platform/bus/offload.ts` puts large event fields (the archive's events refer to them). */
const EVENT_BLOBS_PREFIX = 'events/'

/**
 * The blob store's bucket (offloaded event fields, checkpoint values too big for an item): its own
 * KMS key with S3 Bucket Keys (one KMS call per object batch, not per object), TLS only, no public
 * access, versioned, lifecycle rules, and server access logs to a log bucket.
 */
export class BlobBucket extends Construct {
  readonly key: Key
  readonly bucket: Bucket
  readonly accessLogs: Bucket

  constructor(scope: Construct, id: string, props: BlobBucketProps) {
    super(scope, id)
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      // S3 server access logging delivers only to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetentionDays) }],
      removalPolicy: RemovalPolicy.RETAIN,
    })

    this.key = new Key(this, 'Key', {
      alias: `alias/chorus-${props.stage}-blobs`,
      description: 'Encrypts the Chorus blob bucket',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.bucket = new Bucket(this, 'Bucket', {
      bucketName: blobBucketName(props.stage, Stack.of(this)),
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'blobs/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'expire-replaced-versions',
          noncurrentVersionExpiration: Duration.days(30),
          expiredObjectDeleteMarker: true,
        },
        ...(props.archiveRetentionDays > 0
          ? [
              {
                id: 'expire-event-blobs-with-the-archive',
                prefix: EVENT_BLOBS_PREFIX,
                expiration: Duration.days(props.archiveRetentionDays + 1),
              },
            ]
          : []),
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    })
  }
}
