import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib'
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Key } from 'aws-cdk-lib/aws-kms'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import { Construct } from 'constructs'

/**
 * The SNS topic alarms go to (own KMS key CloudWatch may use, TLS only), e-mailed to the stage's
 * address. Its policy lets CloudWatch publish for this account's `chorus-<stage>-*` alarms: with the
 * TLS Deny in place the topic has a policy of its own, and without this Allow no alarm would arrive.
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic

  constructor(scope: Construct, id: string, props: { stage: string; email: string }) {
    super(scope, id)
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com')
    const key = new Key(this, 'Key', {
      alias: `alias/chorus-${props.stage}-alarms`,
      description: 'Encrypts the Chorus alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    // CloudWatch publishes alarm notifications to the encrypted topic.
    key.grant(cloudWatch, 'kms:Decrypt', 'kms:GenerateDataKey')
    this.topic = new Topic(this, 'Topic', {
      topicName: `chorus-${props.stage}-alarms`,
      masterKey: key,
      enforceSSL: true,
    })
    const stack = Stack.of(this)
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarms',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: `chorus-${props.stage}-*`,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }),
    )
    this.topic.addSubscription(new EmailSubscription(props.email))
  }
}
