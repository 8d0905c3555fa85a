import { join } from 'node:path'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { makeDynamoCheckpointSaver } from '#platform/checkpoint/index.ts'
import type { ChorusTable } from '#platform/store/index.ts'
import type { Config } from './config.ts'

/** The run graphs' checkpoint saver on the embedded table, with large values in files under the data directory. */
export const makeEmbeddedCheckpointer = (config: Config) => (table: ChorusTable) =>
  makeDynamoCheckpointSaver({ table, blobs: makeFileBlobStore({ root: join(config.dataDir, 'blobs') }) })
