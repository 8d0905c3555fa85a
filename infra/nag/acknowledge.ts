import { Validations } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/** The cdk-nag pack every acknowledgement belongs to (cdk-nag 3 ids carry the pack prefix). */
export const NAG_PACK = 'AwsSolutions'

/**
 * Acknowledges one cdk-nag AwsSolutions finding on a construct (and its children), with the reason
 * it is acceptable. `rule` is the rule id, optionally with its finding: `IAM5[Resource::…]`.
 * @example acknowledge(dlq, 'SQS3', 'This queue is the dead-letter queue of the planner queue')
 */
export const acknowledge = (scope: IConstruct, rule: string, reason: string): void => {
  if (reason.trim().length < 20) throw new Error(`acknowledging ${rule} needs a real reason, got "${reason}"`)
  Validations.of(scope).acknowledge({ id: `${NAG_PACK}::${NAG_PACK}-${rule}`, reason })
}
