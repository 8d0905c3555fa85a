import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { newId } from '#events'
import { makeFileBlobStore } from '../blobs/index.ts'
import { ensureTable, makeTable } from '../store/table.ts'
import { startTestTable } from '../store/testing.ts'
import { type DynamoCheckpointSaverDeps, makeDynamoCheckpointSaver } from './saver.ts'

/**
 * Test helper: an embedded DynamoDB and a blob directory; `saver()` gives a saver on a fresh table
 * of its own (so a Scan sees only its checkpoints) unless `shared` is set.
 */
export const startCheckpointTestbed = async () => {
  const env = await startTestTable()
  const blobRoot = mkdtempSync(join(tmpdir(), 'chorus-checkpoint-blobs-'))
  const blobs = makeFileBlobStore({ root: blobRoot })
  return {
    env,
    blobs,
    blobRoot,
    /** A new saver; on a new table unless `shared`. */
    saver: async (overrides: Partial<DynamoCheckpointSaverDeps> & { shared?: boolean } = {}) => {
      const { shared, ...deps } = overrides
      let table = env.table
      if (!shared) {
        const name = `chorus-cp-${newId().toLowerCase()}`
        await ensureTable(env.client, name)
        table = makeTable(env.table.getDocumentClient(), name)
      }
      return makeDynamoCheckpointSaver({ table, blobs, ...deps })
    },
    close: async () => {
      await env.close()
      rmSync(blobRoot, { recursive: true, force: true })
    },
  }
}

export type CheckpointTestbed = Awaited<ReturnType<typeof startCheckpointTestbed>>
