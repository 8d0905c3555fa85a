import { RemovalPolicy } from 'aws-cdk-lib'
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import { Construct } from 'constructs'

/** The SNS topic alarms go to (own KMS key CloudWatch may use, TLS only), e-mailed to the stage's address. */
export class AlarmTopic extends Construct {
  readonly topic: Topic

  constructor(scope: Construct, id: string, props: { stage: string; email: string }) {
    super(scope, id)
    const key = new Key(this, 'Key', {
      alias: `alias/chorus-${props.stage}-alarms`,
      description: 'Encrypts the Chorus alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // CloudWatch publishes alarm notifications to the encrypted topic.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey')
    this.topic = new Topic(this, 'Topic', {
      topicName: `chorus-${props.stage}-alarms`,
      masterKey: key,
      enforceSSL: true,
    })
    this.topic.addSubscription(new EmailSubscription(props.email))
  }
}
