import { afterEach, describe, expect, it } from 'vitest'
import { newId, RunRequested } from '#events'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { makeEmulatorDriver } from './emulator-driver.ts'
import { startTestStack, type TestStack } from './testing/emulator.ts'

describe('the run-start sweep on the AWS runtime (moto)', () => {
  let stack: TestStack | undefined
  let runtime: AwsRuntime | undefined
  afterEach(() => {
    runtime?.close()
    stack?.close()
  })

  it('publishes the stored start of a run a crash kept off the bus, once, and the run completes', async () => {
    stack = await startTestStack('sweep', { env: { CHORUS_API_ROUTE: 'async', CHORUS_SEED_TENANT: 'acme' } })
    runtime = await startAwsRuntime({ config: stack.config, clients: stack.clients })
    const driver = makeEmulatorDriver({
      clients: stack.clients,
      stack: stack.stack,
      handlers: runtime.consumers,
    })
    const tenantId = 'acme'
    const runId = newId()
    // What the chat API writes before it publishes; then the function dies.
    const startEvent = RunRequested.draft(
      { request: 'Explain tides' },
      {
        tenantId,
        runId,
        correlationId: runId,
        causationId: null,
        route: 'async',
        actor: { kind: 'system', id: 't' },
      },
    )
    await runtime.core.stores.runs.createRun({ tenantId, runId, request: 'Explain tides', startEvent })

    expect(await runtime.core.recoverRunStarts(new Date(Date.now() - 60_000).toISOString())).toBe(0)
    expect(await runtime.core.recoverRunStarts(new Date(Date.now() + 1_000).toISOString())).toBe(1)
    await driver.drain()
    expect((await runtime.core.stores.runs.getRun(tenantId, runId))?.status).toBe('completed')
    const names = (await runtime.core.stores.log.list(tenantId, runId)).map((e) => e.meta.name)
    expect(names.filter((n) => n === 'RunRequested')).toHaveLength(1)
    expect(await runtime.core.recoverRunStarts(new Date(Date.now() + 1_000).toISOString())).toBe(0)
  }, 60_000)
})
