import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newId } from '#events'
import { makeDynamoClients } from './client.ts'
import { startEmbeddedDynamo } from './embedded/dynalite-server.ts'
import { makeRunStore } from './run-store.ts'
import { describeStoreConformance } from './store.conformance.ts'
import { ensureTable, makeTable } from './table.ts'
import { startTestTable } from './testing.ts'

describeStoreConformance('dynalite', startTestTable)

describe('embedded persistence', () => {
  it('keeps the data across a restart of the embedded DynamoDB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-store-'))
    const runId = newId()
    try {
      for (const phase of ['write', 'read'] as const) {
        const dynamo = await startEmbeddedDynamo({ path: dir })
        const { client, documentClient } = makeDynamoClients({ endpoint: dynamo.endpoint })
        await ensureTable(client, 'chorus')
        const runs = makeRunStore(makeTable(documentClient, 'chorus'))
        if (phase === 'write') await runs.createRun({ tenantId: 'acme', runId, request: 'remember me' })
        else expect((await runs.getRun('acme', runId))?.request).toBe('remember me')
        client.destroy()
        await dynamo.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
