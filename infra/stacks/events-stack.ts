import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib'
import { Archive, EventBus, Rule } from 'aws-cdk-lib/aws-events'
import { Key } from 'aws-cdk-lib/aws-kms'
import type { Construct } from 'constructs'
import { archivePattern, intakeRule, rulesFromRoutes } from '#events'
import { visibilityTimeoutSeconds } from '../config/functions.ts'
import type { StageConfig } from '../config/stages.ts'
import { chorusSourcesOnlyFromStage } from '../constructs/bus-policy.ts'
import { ConsumerQueue } from '../constructs/consumer-queue.ts'
import { ConsumerRule } from '../constructs/consumer-rule.ts'
import { QueueTarget } from '../constructs/queue-target.ts'
import { pascal } from '../naming.ts'
import { toEventPattern } from '../routing/event-patterns.ts'

export interface EventsStackProps extends StackProps {
  stage: StageConfig
}

/**
 * The custom event bus, its archive of every live Chorus event (own key, retention from the stage),
 * and the rules `events/rules.ts` generates from `events/routes.ts` (per consumer its async, live
 * events; replayed events for read-model consumers), each feeding its consumer's encrypted queue
 * with its dead-letter queue.
 */
export class EventsStack extends Stack {
  readonly bus: EventBus
  readonly archive: Archive
  readonly archiveKey: Key
  /** Queue and DLQ per consumer, in routes order. */
  readonly queues: ReadonlyMap<string, ConsumerQueue>
  /** Rule per rule name (a consumer of replays has a live rule and a replay rule). */
  readonly rules: ReadonlyMap<string, ConsumerRule>
  /** The bus intake queue and DLQ: outside producers' events (`intakeRule()`, ADR 0020). */
  readonly intake: ConsumerQueue
  readonly intakeRule: Rule

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props)
    const { stage } = props
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `chorus-${stage.name}`,
      description: 'Chorus events (Source chorus.<service>, DetailType <EventName>)',
    })

    this.archiveKey = new Key(this, 'ArchiveKey', {
      alias: `alias/chorus-${stage.name}-archive`,
      description: 'Encrypts the archive of Chorus events',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    })
    this.archive = new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      archiveName: `chorus-${stage.name}`,
      description: 'Every live Chorus event, for replay and audit',
      eventPattern: toEventPattern(archivePattern(), 'the archive'),
      kmsKey: this.archiveKey,
      ...(stage.archiveRetentionDays > 0 ? { retention: Duration.days(stage.archiveRetentionDays) } : {}),
    })

    const queues = new Map<string, ConsumerQueue>()
    const rules = new Map<string, ConsumerRule>()
    for (const spec of rulesFromRoutes()) {
      let target = queues.get(spec.consumer)
      if (!target) {
        target = new ConsumerQueue(this, `${pascal(spec.consumer)}Queue`, {
          stage: stage.name,
          consumer: spec.consumer,
          visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds(spec.consumer)),
          maxReceives: stage.maxReceives,
        })
        queues.set(spec.consumer, target)
      }
      rules.set(
        spec.name,
        new ConsumerRule(this, `${pascal(spec.name)}Rule`, { bus: this.bus, spec, target }),
      )
    }
    this.queues = queues
    this.rules = rules

    // Outside producers: every source but chorus.* into the intake queue; chorus.* only from our roles.
    this.intake = new ConsumerQueue(this, 'IntakeQueue', {
      stage: stage.name,
      consumer: 'intake',
      visibilityTimeout: Duration.seconds(visibilityTimeoutSeconds('intake')),
      maxReceives: stage.maxReceives,
    })
    const intake = intakeRule()
    this.intakeRule = new Rule(this, 'IntakeRule', {
      eventBus: this.bus,
      ruleName: intake.name,
      description: 'Events of outside producers (any source but chorus.*) for the intake queue',
      eventPattern: toEventPattern(intake.pattern, 'the intake rule'),
      targets: [new QueueTarget(this.intake, intake.name)],
    })
    this.bus.addToResourcePolicy(chorusSourcesOnlyFromStage(this.bus, stage.name))

    new CfnOutput(this, 'EventBusName', {
      value: this.bus.eventBusName,
      exportName: `chorus-${stage.name}-bus`,
    })
    new CfnOutput(this, 'ArchiveName', { value: this.archive.archiveName })
  }
}
