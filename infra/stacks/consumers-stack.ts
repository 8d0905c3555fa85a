import { Duration, Stack, type StackProps } from 'aws-cdk-lib'
import { Rule, Schedule } from 'aws-cdk-lib/aws-events'
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { Construct } from 'constructs'
import { runtimeEnvironment } from '../config/environment.ts'
import {
  consumerProfile,
  SWEEP_EVERY_MINUTES,
  SWEEPER_PROFILE,
  TASK_RUNNER_CONSUMER,
} from '../config/functions.ts'
import { LAMBDA_ENTRIES } from '../config/lambda-entries.ts'
import type { StageConfig } from '../config/stages.ts'
import { ChorusFunction } from '../constructs/chorus-function.ts'
import { pascal } from '../naming.ts'
import type { DataStack } from './data-stack.ts'
import type { EventsStack } from './events-stack.ts'
import { accessTargets, runtimeResources } from './targets.ts'

export interface ConsumersStackProps extends StackProps {
  stage: StageConfig
  data: DataStack
  events: EventsStack
}

/**
 * One function per consumer queue (the events stack has one per consumer of `events/routes.ts`),
 * draining it in batches with partial batch failures. The workers' function is the task runner:
 * 15 minutes, one task per invocation, at most the stage's concurrency (ADR 0008).
 */
export class ConsumersStack extends Stack {
  /** Function per consumer, in routes order. */
  readonly functions: ReadonlyMap<string, ChorusFunction>
  /** The bus intake's function (outside producers' events, ADR 0020). */
  readonly intake: ChorusFunction
  /** The scheduled run-start sweeper (ADR 0016). */
  readonly sweeper: ChorusFunction

  constructor(scope: Construct, id: string, props: ConsumersStackProps) {
    super(scope, id, props)
    const { stage, data, events } = props
    const targets = accessTargets(data, events, stage.name)
    const resources = runtimeResources(data, events, stage.name)
    const functions = new Map<string, ChorusFunction>()
    for (const [consumer, queue] of events.queues) {
      const profile = consumerProfile(consumer)
      const runsTasks = consumer === TASK_RUNNER_CONSUMER
      const fn = new ChorusFunction(this, pascal(consumer), {
        entry: LAMBDA_ENTRIES.consumer(consumer),
        profile,
        access: profile.access,
        targets,
        logRetention: stage.logRetentionDays,
        environment: runtimeEnvironment(stage, resources, profile.access),
      })
      fn.fn.addEventSource(
        new SqsEventSource(queue.queue, {
          batchSize: profile.batchSize,
          ...(profile.batchingWindowSeconds > 0
            ? { maxBatchingWindow: Duration.seconds(profile.batchingWindowSeconds) }
            : {}),
          reportBatchItemFailures: true,
          ...(runsTasks ? { maxConcurrency: stage.taskRunnerConcurrency } : {}),
        }),
      )
      functions.set(consumer, fn)
    }
    this.functions = functions

    // The bus intake: its own queue, and its own DLQ the only one it may send to (refused events).
    const intake = consumerProfile('intake')
    this.intake = new ChorusFunction(this, 'Intake', {
      entry: LAMBDA_ENTRIES.consumer('intake'),
      profile: intake,
      access: intake.access,
      targets: {
        ...targets,
        queues: [
          {
            queueArn: events.intake.queue.queueArn,
            dlqArn: events.intake.deadLetterQueue.queueArn,
            key: events.intake.key,
          },
        ],
      },
      logRetention: stage.logRetentionDays,
      environment: runtimeEnvironment(stage, { ...resources, queues: [] }, intake.access, {
        CHORUS_INTAKE_DLQ_URL: events.intake.deadLetterQueue.queueUrl,
      }),
    })
    this.intake.fn.addEventSource(
      new SqsEventSource(events.intake.queue, {
        batchSize: intake.batchSize,
        maxBatchingWindow: Duration.seconds(intake.batchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    )

    // Runs whose start a crash kept off the bus: their stored start event, published again (ADR 0016).
    this.sweeper = new ChorusFunction(this, 'Sweeper', {
      entry: LAMBDA_ENTRIES.sweeper,
      profile: SWEEPER_PROFILE,
      access: SWEEPER_PROFILE.access,
      targets,
      logRetention: stage.logRetentionDays,
      environment: runtimeEnvironment(stage, { ...resources, queues: [] }, SWEEPER_PROFILE.access),
    })
    new Rule(this, 'SweepSchedule', {
      description: 'Starts runs whose start event a crash kept off the bus',
      schedule: Schedule.rate(Duration.minutes(SWEEP_EVERY_MINUTES)),
      targets: [new LambdaFunction(this.sweeper.fn, { retryAttempts: 2 })],
    })
  }
}
