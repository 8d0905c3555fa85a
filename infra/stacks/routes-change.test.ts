import { Template } from 'aws-cdk-lib/assertions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSUMERS, type EventDefinition, ROUTES, RunCompleted, RunFailed } from '#events'
import { addChorusStage } from '../app/chorus-stage.ts'
import { stageConfig } from '../config/stages.ts'
import { resourcesOf, testApp } from '../testing/synth.ts'
import { EventsStack } from './events-stack.ts'

// The routes table as code sees it, mutable here: this file runs in its own module registry.
const routes = ROUTES as unknown as Record<string, readonly EventDefinition[]>
const consumers = CONSUMERS as string[]

const eventsTemplate = () =>
  Template.fromStack(new EventsStack(testApp(), 'Events', { stage: stageConfig('dev') }))

describe('adding a route to events/routes.ts, infra/ untouched', () => {
  const before = eventsTemplate()

  beforeAll(() => {
    routes.auditor = [RunCompleted, RunFailed]
    consumers.push('auditor')
  })
  afterAll(() => {
    delete routes.auditor
    consumers.splice(consumers.indexOf('auditor'), 1)
  })

  it('adds the new consumer rule with the pattern generated from its events', () => {
    // Act
    const after = eventsTemplate()

    // Assess
    expect(resourcesOf(after, 'AWS::Events::Rule')).toHaveLength(
      resourcesOf(before, 'AWS::Events::Rule').length + 1,
    )
    after.hasResourceProperties('AWS::Events::Rule', {
      Name: 'chorus-auditor',
      EventPattern: {
        source: ['chorus.supervisor'],
        'detail-type': ['RunCompleted', 'RunFailed'],
        detail: { meta: { route: ['async'] } },
        'replay-name': [{ exists: false }],
      },
    })
  })

  it('adds its queue and dead-letter queue, encrypted with a key of its own', () => {
    // Act
    const after = eventsTemplate()

    // Assess
    expect(resourcesOf(after, 'AWS::SQS::Queue')).toHaveLength(
      resourcesOf(before, 'AWS::SQS::Queue').length + 2,
    )
    expect(resourcesOf(after, 'AWS::KMS::Key')).toHaveLength(resourcesOf(before, 'AWS::KMS::Key').length + 1)
    after.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'chorus-dev-auditor' })
    after.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'chorus-dev-auditor-dlq' })
  })

  it('asks for the new consumer entry point by its path until runtime/lambda has it', () => {
    expect(() => addChorusStage(testApp(), stageConfig('dev'))).toThrow(
      /Lambda entry point runtime\/lambda\/consumers\/auditor\.ts .* does not exist/,
    )
  })
})
