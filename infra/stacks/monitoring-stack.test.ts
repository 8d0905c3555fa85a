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
    // Plus the bus intake's function (ADR 0020) and the run-start sweeper (ADR 0016).
    expect(errorAlarms).toHaveLength(CONSUMERS.length + 2 + apiGroupNames().length)
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: '5XXError',
      Namespace: 'AWS/ApiGateway',
    })
  })
})
