import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import { Key } from 'aws-cdk-lib/aws-kms'
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export interface ConsumerQueueProps {
  stage: string
  consumer: string
  /** Visibility timeout: at least 6x the timeout of the function that drains the queue. */
  visibilityTimeout: Duration
  /** Receives before a message moves to the dead-letter queue. */
  maxReceives: number
}

/**
 * A consumer's SQS queue and its dead-letter queue, both encrypted with the consumer's own KMS key
 * and refusing plain HTTP. The DLQ also takes events EventBridge could not deliver to the queue.
 */
export class ConsumerQueue extends Construct {
  readonly key: Key
  readonly queue: Queue
  readonly deadLetterQueue: Queue

  constructor(scope: Construct, id: string, props: ConsumerQueueProps) {
    super(scope, id)
    const name = `chorus-${props.stage}-${props.consumer}`
    this.key = new Key(this, 'Key', {
      alias: `alias/${name}-queue`,
      description: `Encrypts the ${props.consumer} queue and its dead-letter queue`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: `${name}-dlq`,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    })
    this.queue = new Queue(this, 'Queue', {
      queueName: name,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceives },
    })
  }
}
