import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events'
import { Construct } from 'constructs'
import type { ConsumerRule as ConsumerRuleSpec } from '#events'
import { toEventPattern } from '../routing/event-patterns.ts'
import type { ConsumerQueue } from './consumer-queue.ts'
import { QueueTarget } from './queue-target.ts'

export interface ConsumerRuleProps {
  bus: IEventBus
  /** The rule as `events/rules.ts` generates it from the routes: name and pattern. */
  spec: ConsumerRuleSpec
  target: ConsumerQueue
}

/** An EventBridge rule from `events/rules.ts` that delivers its events to a consumer's queue. */
export class ConsumerRule extends Construct {
  readonly rule: Rule

  constructor(scope: Construct, id: string, { bus, spec, target }: ConsumerRuleProps) {
    super(scope, id)
    this.rule = new Rule(this, 'Rule', {
      eventBus: bus,
      ruleName: spec.name,
      description: `Events for the ${spec.consumer} queue (generated from events/routes.ts)`,
      eventPattern: toEventPattern(spec.pattern, `the ${spec.consumer} rule`),
      targets: [new QueueTarget(target, spec.name)],
    })
  }
}
