import type { EventBus } from 'aws-cdk-lib/aws-events'
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam'

/** The tag every role of a stage's function stacks carries, valued with the stage name: who may speak for Chorus. */
export const PRODUCER_TAG = 'chorus-producer'

/**
 * The bus's resource policy statement: nobody but the stage's own roles (tagged `chorus-producer =
 * <stage>`) may put an event whose source starts with `chorus.`. An explicit deny, so it binds
 * principals of this account whatever their IAM policies allow; outside producers keep their own
 * sources (ADR 0020).
 */
export const chorusSourcesOnlyFromStage = (bus: EventBus, stage: string): PolicyStatement =>
  new PolicyStatement({
    sid: 'ChorusSourcesOnlyFromTheStageRoles',
    effect: Effect.DENY,
    principals: [new AnyPrincipal()],
    actions: ['events:PutEvents'],
    resources: [bus.eventBusArn],
    conditions: {
      'ForAnyValue:StringLike': { 'events:source': ['chorus.*'] },
      StringNotEquals: { [`aws:PrincipalTag/${PRODUCER_TAG}`]: stage },
    },
  })
