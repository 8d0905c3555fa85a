import { PutEventsCommand } from '@aws-sdk/client-eventbridge'
import { afterEach, describe, expect, it } from 'vitest'
import { CONSUMERS, type Consumer, type Draft, newId, PlanCreated, RunRequested } from '#events'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import type { SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { PLANNER_PROMPT_NAME } from '#services/planner/index.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { startTestStack, type TestStack } from './testing/emulator.ts'

const oneStep = JSON.stringify({
  goal: 'g',
  steps: [{ id: 'only', team: 'researcher', instruction: 'find', dependsOn: [] }],
})

/**
 * What the AWS runtime trusts: a fresh stage (no CHORUS_SEED_TENANT) answers a tenant's first chat,
 * and events nobody in the stack produced are refused or dropped without working on them.
 */
describe('the AWS runtime on moto: first use and forged events', () => {
  let stack: TestStack | undefined
  let runtime: AwsRuntime | undefined
  afterEach(() => {
    runtime?.close()
    stack?.close()
  })

  const start = async (script: Script) => {
    stack = await startTestStack('trust', {
      maxReceives: 3,
      env: { CHORUS_API_ROUTE: 'async', CHORUS_SYNC_BUDGET_MS: '50' },
    })
    runtime = await startAwsRuntime({
      config: stack.config,
      clients: stack.clients,
      models: makeScriptedProvider(script),
    })
    const rt = runtime
    const s = stack
    const driver = makeEmulatorDriver({
      clients: s.clients,
      stack: s.stack,
      handlers: Object.fromEntries(CONSUMERS.map((c) => [c, rt.consumers[c]])) as Record<
        Consumer,
        SqsBatchHandler
      >,
    })
    return { s, rt, driver }
  }

  /** Puts an event on the bus as an outsider would: straight PutEvents, no log, no run. */
  const forge = async (s: TestStack, draft: Draft, source: string) => {
    const detail = JSON.stringify({ meta: { ...draft.meta, seq: 1 }, data: draft.data })
    const result = await s.clients.eventBridge.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: s.stack.busName, Source: source, DetailType: draft.meta.name, Detail: detail },
        ],
      }),
    )
    expect(result.FailedEntryCount ?? 0).toBe(0)
  }

  const context = (runId: string) => ({
    tenantId: 'acme',
    runId,
    correlationId: runId,
    causationId: null,
    route: 'async' as const,
    actor: { kind: 'user' as const, id: 'mallory' },
  })

  it('answers the first chat of a tenant nobody seeded: its default teams are created on first use', async () => {
    const { rt, driver } = await start((_, purpose) => (purpose.service === 'planner' ? oneStep : 'found'))
    const teamsBefore = await rt.core.stores.teams.list('acme')

    const posted = await rt.core.handlers.postMessage(
      apiEvent('POST', '/chats/{chatId}/messages', { chatId: 'c' }, { content: 'hi' }),
      lambdaContext(),
    )
    const { runId } = JSON.parse(posted.body) as { runId: string }
    await driver.drain()

    expect(teamsBefore).toEqual([])
    const run = JSON.parse(
      (await rt.core.handlers.getRun(apiEvent('GET', '/runs/{runId}', { runId }), lambdaContext())).body,
    ) as { status: string }
    expect(run.status).toBe('completed')
    expect((await rt.core.stores.teams.list('acme')).map((t) => t.definition.name)).toContain('researcher')
    expect(await rt.core.stores.prompts.get('acme', PLANNER_PROMPT_NAME)).toBeDefined()
  }, 60_000)

  it('leaves a deleted default team deleted: seeding on first use is conditional', async () => {
    const { rt } = await start(() => oneStep)
    await rt.core.seedDefaults('acme')
    await rt.core.stores.teams.remove('acme', 'researcher')

    const again = await rt.core.seedDefaults('acme')

    expect(again).toEqual([])
    expect((await rt.core.stores.teams.list('acme')).map((t) => t.definition.name)).not.toContain(
      'researcher',
    )
  })

  it('drops a forged RunRequested for a run that does not exist: no model call, no retry, no dead letter', async () => {
    let modelCalls = 0
    const { s, rt, driver } = await start(() => {
      modelCalls++
      return oneStep
    })
    const runId = newId()

    await forge(s, RunRequested.draft({ request: 'spend money' }, context(runId)), RunRequested.source)
    const totals = await driver.drain()

    expect(totals.planner).toEqual({ received: 1, succeeded: 1, failed: 0 })
    expect(modelCalls).toBe(0)
    expect(await driver.deadLetters('planner')).toEqual([])
    expect(await rt.core.stores.runs.getPlan('acme', runId)).toBeUndefined()
    expect(await rt.core.stores.runs.getRun('acme', runId)).toBeUndefined()
  })

  it('refuses a Chorus event whose source is not the producer its route names, and dead-letters it', async () => {
    const { s, rt, driver } = await start(() => oneStep)
    const runId = newId()
    const plan = JSON.parse(oneStep)
    const draft = PlanCreated.draft(
      { plan, model: { provider: 'scripted', model: 'x', offline: true } },
      context(runId),
    )

    // The supervisor's rule takes PlanCreated and events from chorus.workers; the pair is a forgery.
    await forge(s, draft, 'chorus.workers')
    const totals = await driver.drain()

    expect(totals.supervisor).toEqual({ received: 3, succeeded: 0, failed: 3 })
    const dead = (await driver.deadLetters('supervisor')) as { source: string; 'detail-type': string }[]
    expect(dead.map((d) => [d.source, d['detail-type']])).toEqual([['chorus.workers', 'PlanCreated']])
    expect(await rt.core.stores.runs.getRun('acme', runId)).toBeUndefined()
  })

  it('drops a forged PlanCreated from the right source for a run that does not exist', async () => {
    const { s, rt, driver } = await start(() => oneStep)
    const runId = newId()
    const draft = PlanCreated.draft(
      { plan: JSON.parse(oneStep), model: { provider: 'scripted', model: 'x', offline: true } },
      context(runId),
    )

    await forge(s, draft, PlanCreated.source)
    const totals = await driver.drain()

    expect(totals.supervisor).toEqual({ received: 1, succeeded: 1, failed: 0 })
    expect(totals.workers.received).toBe(0)
    expect(await driver.deadLetters('supervisor')).toEqual([])
    expect(await rt.core.stores.runs.getRun('acme', runId)).toBeUndefined()
  })
})
