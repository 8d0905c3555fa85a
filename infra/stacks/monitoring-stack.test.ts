import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { CONSUMERS } from '#events'
import { apiGroupNames } from '../routing/api-routes.ts'
import { resourcesOf, synthStage } from '../testing/synth.ts'

describe('monitoring stack', () => {
  const dev = synthStage()
  const template = dev.templates.monitoring
  const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm')

  it('e-mails alarms through an encrypted topic', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() })
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: dev.stage.alarmEmail,
    })
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1)
  })

  it("lets CloudWatch publish this stage's alarms to the topic, and nobody publish without TLS", () => {
    const policies = resourcesOf(template, 'AWS::SNS::TopicPolicy')
    expect(policies).toHaveLength(1)
    const [[, policy] = ['', { Properties: {} }]] = policies
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] })
      .Statement
    const allow = statements.filter((s) => s.Effect === 'Allow')
    expect(allow).toHaveLength(1)
    expect(allow[0]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': expect.anything() },
      },
    })
    const sourceArn = JSON.stringify((allow[0]?.Condition as { ArnLike?: object } | undefined)?.ArnLike)
    expect(sourceArn).toContain(':alarm:chorus-dev-*')
    // Every alarm of the stack is named so that the condition covers it.
    for (const [, alarm] of alarms) expect(alarm.Properties.AlarmName).toMatch(/^chorus-dev-/)
    expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
      expect.objectContaining({
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    ])
    // CloudWatch may use the topic's key to publish to it.
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          }),
        ]),
      },
    })
  })

  it('alarms on any message in each dead-letter queue', () => {
    const dlqAlarms = alarms.filter(
      ([, a]) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
    )
    // Plus the bus intake's DLQ (ADR 0020).
    expect(dlqAlarms).toHaveLength(CONSUMERS.length + 1)
    for (const [, alarm] of dlqAlarms)
      expect(alarm.Properties).toMatchObject({ Threshold: 1, Statistic: 'Maximum' })
  })

  it('alarms on errors of every function, and on API 5xx', () => {
    const errorAlarms = alarms.filter(([, a]) => a.Properties.MetricName === 'Errors')
    // Plus the bus intake's function (ADR 0020), the run-start sweeper (ADR 0016) and the API's
    // authorizer (ADR 0024).
    expect(errorAlarms).toHaveLength(CONSUMERS.length + 3 + apiGroupNames().length)
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
    })
  })
})
