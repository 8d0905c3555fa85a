import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { intakeRule } from '#events'
import { PRODUCER_TAG } from '../constructs/bus-policy.ts'
import { actionsOf, arnOf, logicalIdOf, resourcesOf, statementsOfRole, synthStage } from '../testing/synth.ts'

/** Outside producers on the bus, and nobody else speaking for Chorus (ADR 0020). */
describe('the bus intake and the bus policy', () => {
  const dev = synthStage()
  const { events, consumers } = dev.stacks

  it('routes every live source but chorus.* to the intake queue, undeliverable ones to its DLQ', () => {
    const queue = logicalIdOf(events, events.intake.queue)
    const dlq = logicalIdOf(events, events.intake.deadLetterQueue)
    dev.templates.events.hasResourceProperties('AWS::Events::Rule', {
      Name: 'chorus-intake',
      EventBusName: { Ref: logicalIdOf(events, events.bus) },
      EventPattern: intakeRule().pattern,
      Targets: [Match.objectLike({ Arn: arnOf(queue), DeadLetterConfig: { Arn: arnOf(dlq) } })],
    })
    expect(intakeRule().pattern.source).toEqual([{ 'anything-but': { prefix: 'chorus.' } }])
    dev.templates.events.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'chorus-dev-intake',
      RedrivePolicy: { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: dev.stage.maxReceives },
    })
  })

  it('denies chorus.* sources on the bus to every principal but the roles tagged as this stage', () => {
    dev.templates.events.hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: { Ref: logicalIdOf(events, events.bus) },
      Statement: {
        Sid: 'cdk-ChorusSourcesOnlyFromTheStageRoles',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: arnOf(logicalIdOf(events, events.bus)),
        Condition: {
          'ForAnyValue:StringLike': { 'events:source': ['chorus.*'] },
          StringNotEquals: { [`aws:PrincipalTag/${PRODUCER_TAG}`]: 'dev' },
        },
      },
    })
  })

  it('tags every role of the function stacks as a producer of this stage, and no role of the data stack', () => {
    for (const [name, template] of [
      ['consumers', dev.templates.consumers],
      ['api', dev.templates.api],
    ] as const) {
      const roles = resourcesOf(template, 'AWS::IAM::Role')
      expect(roles.length, name).toBeGreaterThan(0)
      for (const [, role] of roles)
        expect(role.Properties.Tags, name).toEqual(
          expect.arrayContaining([{ Key: PRODUCER_TAG, Value: 'dev' }]),
        )
    }
    expect(
      resourcesOf(dev.templates.data, 'AWS::IAM::Role').flatMap(([, r]) => r.Properties.Tags ?? []),
    ).not.toContainEqual({ Key: PRODUCER_TAG, Value: 'dev' })
  })

  it('drains the intake queue with its own function, which may send only to the intake DLQ', () => {
    const fn = logicalIdOf(consumers, consumers.intake.fn)
    dev.templates.consumers.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    })
    const statements = statementsOfRole(
      dev.templates.consumers,
      logicalIdOf(consumers, consumers.intake.role),
    )
    const sends = statements.filter((s) => actionsOf(s).includes('sqs:SendMessage'))
    expect(sends.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining('IntakeQueueDeadLetterQueue'),
    ])
    const actions = statements.flatMap(actionsOf)
    expect(actions).toContain('events:PutEvents')
    expect(actions).not.toContain('secretsmanager:GetSecretValue')
    expect(actions.some((a) => a.startsWith('s3:'))).toBe(false)
  })
})
