import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { archivePattern, CONSUMERS, intakeRule, rulesFromRoutes } from '#events'
import { consumerProfile } from '../config/functions.ts'
import { arnOf, logicalIdOf, resourcesOf, synthStage } from '../testing/synth.ts'

describe('events stack', () => {
  const dev = synthStage()
  const template = dev.templates.events
  const events = dev.stacks.events
  const queueOf = (consumer: string) => {
    const queue = events.queues.get(consumer)
    if (!queue) throw new Error(`no queue for ${consumer}`)
    return {
      queue: logicalIdOf(events, queue.queue),
      dlq: logicalIdOf(events, queue.deadLetterQueue),
      key: logicalIdOf(events, queue.key),
    }
  }

  it('creates the stage bus and archives every live Chorus event with its own key and retention', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'chorus-dev' })
    template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: arnOf(logicalIdOf(events, events.bus)),
      EventPattern: archivePattern(),
      RetentionDays: dev.stage.archiveRetentionDays,
      KmsKeyIdentifier: arnOf(logicalIdOf(events, events.archiveKey)),
    })
  })

  it('creates exactly the rules events/rules.ts generates from the routes, patterns unchanged', () => {
    const rules = resourcesOf(template, 'AWS::Events::Rule')
    const specs = rulesFromRoutes()
    // Plus the bus intake's rule (bus-intake.test.ts).
    expect(rules.map(([, r]) => r.Properties.Name).sort()).toEqual(
      [...specs.map((s) => s.name), intakeRule().name].sort(),
    )
    for (const spec of specs) {
      const { queue, dlq } = queueOf(spec.consumer)
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: spec.name,
        EventBusName: { Ref: logicalIdOf(events, events.bus) },
        EventPattern: spec.pattern,
        Targets: [Match.objectLike({ Arn: arnOf(queue), DeadLetterConfig: { Arn: arnOf(dlq) } })],
      })
    }
  })

  it('routes only async events to the queues, and keeps replays out of the live rules', () => {
    for (const spec of rulesFromRoutes()) {
      const replayed = spec.pattern['replay-name']
      if (JSON.stringify(replayed) === JSON.stringify([{ exists: false }]))
        expect(spec.pattern.detail).toEqual({ meta: { route: ['async'] } })
      else expect(replayed).toEqual([{ exists: true }])
    }
  })

  it('gives every consumer a queue and a DLQ under its own key, TLS only, redriven after maxReceives', () => {
    // Plus the bus intake's queue and DLQ (bus-intake.test.ts).
    expect(resourcesOf(template, 'AWS::SQS::Queue')).toHaveLength(2 * CONSUMERS.length + 2)
    for (const consumer of CONSUMERS) {
      const { queue, dlq, key } = queueOf(consumer)
      const [[, resource] = []] = resourcesOf(template, 'AWS::SQS::Queue').filter(([id]) => id === queue)
      expect(resource?.Properties).toMatchObject({
        QueueName: `chorus-dev-${consumer}`,
        KmsMasterKeyId: arnOf(key),
        RedrivePolicy: { deadLetterTargetArn: arnOf(dlq), maxReceiveCount: dev.stage.maxReceives },
      })
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: `chorus-dev-${consumer}-dlq`,
        KmsMasterKeyId: arnOf(key),
        MessageRetentionPeriod: 14 * 24 * 3600,
      })
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Condition: { ArnEquals: { 'aws:SourceArn': Match.anyValue() } },
            }),
          ]),
        },
      })
    }
  })

  it('sets each queue visibility to at least 6x the timeout of the function draining it', () => {
    for (const consumer of CONSUMERS) {
      const { queue } = queueOf(consumer)
      const [[, resource] = []] = resourcesOf(template, 'AWS::SQS::Queue').filter(([id]) => id === queue)
      const timeout = consumerProfile(consumer).timeoutSeconds
      expect(resource?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout)
      dev.templates.consumers.hasResourceProperties('AWS::Lambda::Function', {
        Timeout: timeout,
        Description: consumerProfile(consumer).description,
      })
    }
  })
})
