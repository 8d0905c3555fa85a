import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib'
import { Alarm, ComparisonOperator, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { Construct } from 'constructs'
import type { StageConfig } from '../config/stages.ts'
import { AlarmTopic } from '../constructs/alarm-topic.ts'
import { pascal } from '../naming.ts'
import type { ApiStack } from './api-stack.ts'
import type { ConsumersStack } from './consumers-stack.ts'
import type { EventsStack } from './events-stack.ts'

export interface MonitoringStackProps extends StackProps {
  stage: StageConfig
  events: EventsStack
  consumers: ConsumersStack
  api: ApiStack
}

const FIVE_MINUTES = Duration.minutes(5)

/**
 * Alarms, e-mailed through one topic: any message in a dead-letter queue (a run ended on it, or
 * EventBridge could not deliver), any function error, and API 5xx answers.
 */
export class MonitoringStack extends Stack {
  readonly topic: AlarmTopic
  readonly alarms: Alarm[] = []

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props)
    const { stage } = props
    this.topic = new AlarmTopic(this, 'Alarms', { stage: stage.name, email: stage.alarmEmail })
    const action = new SnsAction(this.topic.topic)
    const alarm = (id: string, description: string, metric: IMetric, threshold = 1) => {
      const created = new Alarm(this, id, {
        alarmName: `chorus-${stage.name}-${id}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      })
      created.addAlarmAction(action)
      this.alarms.push(created)
    }

    for (const [consumer, queue] of props.events.queues)
      alarm(
        `${pascal(consumer)}DeadLetters`,
        `Messages in the ${consumer} dead-letter queue: runs ended on them, or events were not delivered`,
        queue.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: Stats.MAXIMUM,
        }),
      )
    alarm(
      'IntakeDeadLetters',
      'Outside events in the intake dead-letter queue: refused (reason in the message attributes) or not delivered',
      props.events.intake.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: Stats.MAXIMUM,
      }),
    )
    const functions = [
      ...props.consumers.functions,
      ['intake', props.consumers.intake] as const,
      ['sweeper', props.consumers.sweeper] as const,
      ['authorizer', props.api.authorizer] as const,
      ...[...props.api.functions].map(([g, f]) => [`${g}-api`, f] as const),
    ]
    for (const [name, fn] of functions)
      alarm(
        `${pascal(name)}Errors`,
        `The ${name} function failed (error or timeout)`,
        fn.fn.metricErrors({ period: FIVE_MINUTES, statistic: Stats.SUM }),
      )
    alarm(
      'Api5xx',
      'The API answered 5xx',
      props.api.api.api.metricServerError({ period: FIVE_MINUTES, statistic: Stats.SUM }),
      5,
    )

    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topic.topicArn })
  }
}
