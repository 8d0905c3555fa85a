import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeScriptedProvider } from '#platform/models/index.ts'
import { http, startTestChorus } from '../testing.ts'

const plan = JSON.stringify({
  goal: 'one step',
  steps: [{ id: 'only', team: 'researcher', instruction: 'look it up', dependsOn: [] }],
})

describe('a dead letter of an event that was handled already (embedded runtime)', () => {
  let release = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    chorus = await startTestChorus(
      {},
      {
        models: makeScriptedProvider(async (_, purpose) => {
          if (purpose.service === 'planner') return plan
          await gate
          return 'found it'
        }),
      },
    )
  })
  afterAll(() => chorus.close())

  it('leaves the run running, and it completes', async () => {
    const res = await http(
      chorus.url,
      'POST',
      '/chats/dl/messages',
      { content: 'q' },
      { prefer: 'respond-async' },
    )
    const { runId } = res.json as { runId: string }
    const log = () => chorus.stores.log.list('local', runId)
    for (let i = 0; i < 100 && !(await log()).some((e) => e.meta.name === 'TaskQueued'); i++)
      await new Promise((r) => setTimeout(r, 20))
    await chorus.queues.supervisor.idle()
    const planned = (await log()).find((e) => e.meta.name === 'PlanCreated')
    expect(planned).toBeDefined()
    if (!planned) return

    // A second delivery of PlanCreated that the queue gave up on, after the first one was handled.
    await chorus.deadLettered('supervisor', planned, {
      code: 'step.failed',
      message: 'late trouble',
      retryable: false,
    })
    expect((await chorus.stores.runs.getRun('local', runId))?.status).toBe('running')

    release()
    await chorus.idle()
    expect((await chorus.stores.runs.getRun('local', runId))?.status).toBe('completed')
    expect((await log()).map((e) => e.meta.name)).not.toContain('RunFailed')
  })
})
