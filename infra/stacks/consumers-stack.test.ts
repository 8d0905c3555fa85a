import { Match } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { CONSUMERS } from '#events'
import { consumerProfile, SWEEP_EVERY_MINUTES, TASK_RUNNER_CONSUMER } from '../config/functions.ts'
import { actionsOf, logicalIdOf, resourcesOf, statementsOfRole, synthStage } from '../testing/synth.ts'

describe('consumers stack', () => {
  const dev = synthStage()
  const template = dev.templates.consumers
  const stack = dev.stacks.consumers
  const functionOf = (consumer: string) => {
    const fn = stack.functions.get(consumer)
    if (!fn) throw new Error(`no function for ${consumer}`)
    return { fn: logicalIdOf(stack, fn.fn), role: logicalIdOf(stack, fn.role) }
  }
  const propertiesOf = (logicalId: string) =>
    resourcesOf(template, 'AWS::Lambda::Function').find(([id]) => id === logicalId)?.[1].Properties ?? {}

  it('drains every consumer queue with one function, reporting partial batch failures', () => {
    // Two more: the bus intake's function (bus-intake.test.ts) and the scheduled run-start sweeper.
    expect(resourcesOf(template, 'AWS::Lambda::Function')).toHaveLength(CONSUMERS.length + 2)
    expect(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).toHaveLength(CONSUMERS.length + 1)
    for (const consumer of CONSUMERS)
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionOf(consumer).fn },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        BatchSize: consumerProfile(consumer).batchSize,
      })
  })

  it('sweeps run starts on a schedule with a function that may publish but calls no model and reads no secret', () => {
    const fn = logicalIdOf(stack, stack.sweeper.fn)
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `rate(${SWEEP_EVERY_MINUTES} minutes)`,
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })]),
    })
    const { Environment } = propertiesOf(fn) as { Environment?: { Variables?: Record<string, unknown> } }
    const variables = Object.keys(Environment?.Variables ?? {})
    expect(variables).toContain('CHORUS_EVENT_BUS_NAME')
    expect(variables.filter((v) => v.includes('OPENAI') || v.includes('SECRET_ID'))).toEqual([])
  })

  it('runs tasks for up to 15 minutes, one at a time, with the stage concurrency cap', () => {
    const { fn } = functionOf(TASK_RUNNER_CONSUMER)
    expect(propertiesOf(fn)).toMatchObject({ Timeout: 900, Runtime: 'nodejs22.x', Architectures: ['arm64'] })
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: dev.stage.taskRunnerConcurrency },
    })
  })

  it('tells every function the table, bus and bucket, and the model key only to those calling models', () => {
    for (const consumer of CONSUMERS) {
      const variables = (
        propertiesOf(functionOf(consumer).fn).Environment as { Variables: Record<string, unknown> }
      ).Variables
      expect(Object.keys(variables)).toEqual(
        expect.arrayContaining(['CHORUS_TABLE_NAME', 'CHORUS_EVENT_BUS_NAME', 'CHORUS_BUCKET_NAME']),
      )
      expect(variables.CHORUS_QUEUE_MAX_RECEIVES).toBe(String(dev.stage.maxReceives))
      expect('CHORUS_OPENAI_SECRET_ID' in variables).toBe(consumerProfile(consumer).access.models)
    }
    expect(propertiesOf(functionOf(TASK_RUNNER_CONSUMER).fn)).toMatchObject({
      Environment: {
        Variables: { CHORUS_OPENAI_MODEL: dev.stage.modelName, CHORUS_SECRET_PREFIX: 'chorus/dev/tools/' },
      },
    })
  })

  it('gives each function its own role, and secrets only to the functions calling models or tools', () => {
    const roles = CONSUMERS.map((c) => functionOf(c).role)
    expect(new Set(roles).size).toBe(CONSUMERS.length)
    for (const consumer of CONSUMERS) {
      const { access } = consumerProfile(consumer)
      const actions = statementsOfRole(template, functionOf(consumer).role).flatMap(actionsOf)
      expect(actions.includes('secretsmanager:GetSecretValue')).toBe(access.models || access.tools)
      expect(actions.includes('events:PutEvents')).toBe(access.publishes)
      expect(actions.includes('dynamodb:PutItem')).toBe(access.table === 'readWrite')
    }
  })

  it('grants no wildcard action, and no wildcard on the table: its indexes are named', () => {
    for (const consumer of CONSUMERS)
      for (const statement of statementsOfRole(template, functionOf(consumer).role)) {
        expect(actionsOf(statement).filter((a) => a.includes('*'))).toEqual([])
        if (JSON.stringify(statement.Resource).includes('Table')) {
          expect(JSON.stringify(statement.Resource)).not.toContain('*')
          expect(actionsOf(statement).every((a) => a.startsWith('dynamodb:') || a.startsWith('kms:'))).toBe(
            true,
          )
        }
      }
  })
})
