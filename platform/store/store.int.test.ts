import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newId } from '#events'
import { makeDynamoClients } from './client.ts'
import { openEmbeddedStore } from './embedded/engine.ts'
import { makeRunStore } from './run-store.ts'
import { describeStoreConformance } from './store.conformance.ts'
import { ensureTable, makeTable } from './table.ts'
import { startTestTable } from './testing.ts'

describeStoreConformance('embedded engine', startTestTable)

describe('embedded persistence', () => {
  it('keeps the data across a restart of the embedded store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-store-'))
    const runId = newId()
    try {
      for (const phase of ['write', 'read'] as const) {
        const store = openEmbeddedStore({ path: join(dir, 'store.sqlite') })
        const { client, documentClient } = makeDynamoClients({ embedded: store })
        await ensureTable(client, 'chorus')
        const runs = makeRunStore(makeTable(documentClient, 'chorus'))
        if (phase === 'write') await runs.createRun({ tenantId: 'acme', runId, request: 'remember me' })
        else expect((await runs.getRun('acme', runId))?.request).toBe('remember me')
        client.destroy()
        store.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
