import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { SQSEvent } from 'aws-lambda'
import { afterEach, describe, expect, it } from 'vitest'
import { CONSUMERS, type Consumer } from '#events'
import { makeScriptedProvider } from '#platform/models/index.ts'
import type { SqsBatchHandler } from '#platform/queue/sqs-consumer.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { motoEndpoint, startTestStack, type TestStack } from './testing/emulator.ts'

const run = promisify(execFile)
const PRODUCER = fileURLToPath(new URL('./testing/put-events-producer.mjs', import.meta.url))

const oneStep = JSON.stringify({
  goal: 'g',
  steps: [{ id: 'only', team: 'researcher', instruction: 'find', dependsOn: [] }],
})

type Archived = {
  source: string
  'detail-type': string
  detail: { meta: { tenantId: string; runId: string }; data: Record<string, unknown> }
}
type Entry = { Source: string; DetailType: string; Detail: Record<string, unknown> }

/**
 * Outside systems put events straight on the Chorus bus (not through `POST /events`): the intake rule
 * takes every source but `chorus.*` to the intake queue, and the same intake code as `POST /events`
 * records them and starts the runs of matching triggers (ADR 0020).
 */
describe('outside producers on the bus (AWS runtime on moto)', () => {
  let plannerCalls = 0
  let stack: TestStack | undefined
  let runtime: AwsRuntime | undefined
  afterEach(() => {
    runtime?.close()
    stack?.close()
  })

  const start = async (wrapIntake: (h: SqsBatchHandler) => SqsBatchHandler = (h) => h) => {
    plannerCalls = 0
    stack = await startTestStack('extern', { env: { CHORUS_API_ROUTE: 'async' } })
    const rt = await startAwsRuntime({
      config: stack.config,
      clients: stack.clients,
      models: makeScriptedProvider((_, purpose) => {
        if (purpose.service !== 'planner') return 'paid, noted'
        plannerCalls++
        return oneStep
      }),
    })
    runtime = rt
    const driver = makeEmulatorDriver({
      clients: stack.clients,
      stack: stack.stack,
      handlers: Object.fromEntries(CONSUMERS.map((c) => [c, rt.consumers[c]])) as Record<
        Consumer,
        SqsBatchHandler
      >,
      intake: wrapIntake(rt.intake),
    })
    return { s: stack, rt, driver }
  }

  const trigger = async (
    rt: AwsRuntime,
    tenantId: string,
    name: string,
    source: string,
    detailType: string,
  ) => {
    const event = apiEvent(
      'PUT',
      '/triggers/{name}',
      { name },
      {
        name,
        pattern: { source: [source], 'detail-type': [detailType] },
        request: 'Record invoice {{detail.invoice}}',
      },
    )
    event.requestContext.authorizer = { tenantId, principalId: 'admin' }
    const res = await rt.core.handlers.putTrigger(event, lambdaContext())
    expect(res.statusCode).toBeLessThan(300)
  }

  /** Runs the producer script in its own Node process: PutEvents through the AWS SDK. */
  const produce = async (s: TestStack, entries: Entry[]) => {
    const input = JSON.stringify({ endpoint: motoEndpoint(), busName: s.stack.busName, entries })
    const { stdout } = await run(process.execPath, [PRODUCER, input], { cwd: process.cwd() })
    const answer = JSON.parse(stdout) as { FailedEntryCount: number }
    expect(answer.FailedEntryCount).toBe(0)
  }

  const received = (archived: Archived[]) =>
    archived.filter((e) => e['detail-type'] === 'ExternalEventReceived')

  it('starts the triggered run of an InvoicePaid another process puts on the bus, and the run completes', async () => {
    const { s, rt, driver } = await start()
    await trigger(rt, 'acme', 'invoice-paid', 'acme.billing', 'InvoicePaid')

    await produce(s, [
      {
        Source: 'acme.billing',
        DetailType: 'InvoicePaid',
        Detail: { 'chorus-tenant': 'acme', invoice: 'INV-7' },
      },
    ])
    await driver.drain()

    const archived = (await driver.archived()) as Archived[]
    const [intake] = received(archived)
    const runs = (intake?.detail.data.runs ?? []) as { trigger: string; runId: string }[]
    expect(runs.map((r) => r.trigger)).toEqual(['invoice-paid'])
    const runId = runs[0]?.runId ?? ''
    const record = await rt.core.stores.runs.getRun('acme', runId)
    expect(record?.status).toBe('completed')
    expect(record?.request).toBe('Record invoice INV-7')
    expect(intake?.detail.meta.tenantId).toBe('acme')
    expect(await driver.intakeDeadLetters()).toEqual([])
  }, 60_000)

  it('refuses events that name no tenant, or a tenant that has not registered their source, with the reason; records an unmatched one', async () => {
    const { s, rt, driver } = await start()
    await trigger(rt, 'acme', 'invoice-paid', 'acme.billing', 'InvoicePaid')
    await trigger(rt, 'globex', 'lead-won', 'globex.crm', 'LeadWon')

    await produce(s, [
      // globex never registered acme.billing: acme's producer cannot start globex runs, nor acme's by naming globex.
      {
        Source: 'acme.billing',
        DetailType: 'InvoicePaid',
        Detail: { 'chorus-tenant': 'globex', invoice: 'X' },
      },
      { Source: 'acme.billing', DetailType: 'InvoicePaid', Detail: { invoice: 'no tenant' } },
      {
        Source: 'acme.billing',
        DetailType: 'InvoiceVoided',
        Detail: { 'chorus-tenant': 'acme', invoice: 'V' },
      },
    ])
    const totals = await driver.drain()

    const dead = await driver.intakeDeadLetters()
    expect(dead.map((d) => d.code).sort()).toEqual(['intake.noTenant', 'intake.sourceNotRegistered'])
    expect(dead.find((d) => d.code === 'intake.sourceNotRegistered')?.reason).toBe(
      'source "acme.billing" is not registered for tenant "globex" (no trigger of the tenant names it)',
    )
    // The unmatched one is recorded (ExternalEventReceived, no runs), and no run started anywhere.
    const archived = received((await driver.archived()) as Archived[])
    expect(archived.map((e) => [e.detail.meta.tenantId, e.detail.data.runs])).toEqual([['acme', []]])
    expect(totals.planner.received).toBe(0)
  }, 60_000)

  it('writes the records of an intake message delivered twice once: one event, one run', async () => {
    const twice =
      (h: SqsBatchHandler): SqsBatchHandler =>
      async (batch: SQSEvent) => {
        await h(batch)
        return h(batch)
      }
    const { s, rt, driver } = await start(twice)
    await trigger(rt, 'acme', 'invoice-paid', 'acme.billing', 'InvoicePaid')

    await produce(s, [
      {
        Source: 'acme.billing',
        DetailType: 'InvoicePaid',
        Detail: { 'chorus-tenant': 'acme', invoice: 'INV-8' },
      },
    ])
    await driver.drain()

    // Both deliveries publish (the bus is at least once), under the same event and run ids.
    const archived = received((await driver.archived()) as Archived[])
    const eventIds = new Set(archived.map((e) => (e.detail.meta as { eventId?: string }).eventId))
    const runIds = new Set(
      archived.flatMap((e) => (e.detail.data.runs as { runId: string }[]).map((r) => r.runId)),
    )
    expect([eventIds.size, runIds.size]).toEqual([1, 1])
    const [runId = ''] = runIds
    expect((await rt.core.stores.runs.getRun('acme', runId))?.status).toBe('completed')
    expect(plannerCalls).toBe(1)
  }, 60_000)
})
