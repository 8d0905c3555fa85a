import { Duration, Stack } from 'aws-cdk-lib'
import { CfnRule, type IRuleRef, type IRuleTarget, type RuleTargetConfig } from 'aws-cdk-lib/aws-events'
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { pascal } from '../naming.ts'
import type { ConsumerQueue } from './consumer-queue.ts'

const EVENTS = new ServicePrincipal('events.amazonaws.com')

/** EventBridge's own retries before an event goes to the target's DLQ (its defaults, stated). */
const RETRY_POLICY = { maximumRetryAttempts: 185, maximumEventAgeInSeconds: Duration.hours(24).toSeconds() }

/**
 * A rule target that sends matching events to a consumer queue, and events EventBridge could not
 * deliver to the consumer's DLQ. Only this rule may send to them (`aws:SourceArn`); the queue key
 * lets EventBridge encrypt for this account only (`aws:SourceAccount`).
 */
export class QueueTarget implements IRuleTarget {
  /** `ruleName` makes the queue policy statement ids unique when several rules feed one queue. */
  constructor(
    private readonly target: ConsumerQueue,
    private readonly ruleName: string,
  ) {}

  bind(rule: IRuleRef): RuleTargetConfig {
    const { key, queue, deadLetterQueue } = this.target
    const ruleArn = CfnRule.arnForRule(rule)
    for (const q of [queue, deadLetterQueue])
      q.addToResourcePolicy(
        new PolicyStatement({
          sid: `SendFrom${pascal(this.ruleName)}`,
          effect: Effect.ALLOW,
          principals: [EVENTS],
          actions: ['sqs:SendMessage'],
          resources: [q.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        }),
      )
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EventBridgeEncryptsForThisAccount',
        effect: Effect.ALLOW,
        principals: [EVENTS],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(queue).account } },
      }),
    )
    return {
      arn: queue.queueArn,
      targetResource: queue,
      deadLetterConfig: { arn: deadLetterQueue.queueArn },
      retryPolicy: RETRY_POLICY,
    }
  }
}
