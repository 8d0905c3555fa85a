import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { describeBodyDeltaConformance } from '#platform/checkpoint/body-delta.conformance.ts'
import { makeDynamoCheckpointSaver } from '#platform/checkpoint/index.ts'
import { ensureTable, makeTable } from '#platform/store/index.ts'
import { motoClients, uniquePrefix } from './testing/emulator.ts'

/** The checkpoint saver's delta bodies and compressed payloads on moto's DynamoDB (ADR 0036). */
describeBodyDeltaConformance('DynamoDB on moto', async () => {
  const clients = motoClients()
  const name = uniquePrefix('checkpoint')
  await ensureTable(clients.dynamo.client, name)
  const table = makeTable(clients.dynamo.documentClient, name)
  const root = mkdtempSync(join(tmpdir(), 'chorus-checkpoint-blobs-'))
  const blobs = makeFileBlobStore({ root })
  return {
    table,
    saver: async (deps = {}) => makeDynamoCheckpointSaver({ table, blobs, ...deps }),
    close: async () => {
      clients.destroy()
      rmSync(root, { recursive: true, force: true })
    },
  }
})
