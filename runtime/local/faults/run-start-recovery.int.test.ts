import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { newId, RunRequested } from '#events'
import { startTestChorus } from '../testing.ts'

describe('a crash between creating a run and publishing its start (embedded runtime)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chorus-start-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('re-publishes the stored start event at the next start, and the run completes once', async () => {
    const first = await startTestChorus({}, { dataDir })
    const runId = newId()
    const tenantId = 'local'
    // What the chat API writes before it publishes: the run with its RunRequested as an outbox.
    const startEvent = RunRequested.draft(
      { request: 'Explain tides' },
      {
        tenantId,
        runId,
        correlationId: runId,
        causationId: null,
        route: 'async',
        actor: { kind: 'system', id: 'test' },
      },
    )
    expect(await first.stores.runs.createRun({ tenantId, runId, request: 'Explain tides', startEvent })).toBe(
      true,
    )
    await first.close({ keepData: true })

    const second = await startTestChorus({}, { dataDir })
    await second.idle()
    expect((await second.stores.runs.getRun(tenantId, runId))?.status).toBe('completed')
    const names = (await second.stores.log.list(tenantId, runId)).map((e) => e.meta.name)
    expect(names.filter((n) => n === 'RunRequested')).toHaveLength(1)
    expect(names.at(-1)).toBe('RunCompleted')
    await second.close({ keepData: true })

    // A third start finds nothing left to re-publish.
    const third = await startTestChorus({}, { dataDir })
    expect(await third.stores.runs.unstartedRuns(new Date().toISOString())).toEqual([])
    await third.close({ keepData: true })
  })
})
