import { newId } from '#events'
import { makeDynamoClients } from './client.ts'
import { openEmbeddedStore } from './embedded/engine.ts'
import { ensureTable, makeTable } from './table.ts'

/** Test helper: the embedded store with a fresh table. In memory unless `path` (an SQLite file) is given. */
export const startTestTable = async (options: { path?: string } = {}) => {
  const store = openEmbeddedStore({ path: options.path ?? ':memory:', sweepIntervalMs: 0 })
  const { client, documentClient } = makeDynamoClients({ embedded: store })
  const tableName = `chorus-test-${newId().toLowerCase()}`
  await ensureTable(client, tableName)
  return {
    table: makeTable(documentClient, tableName),
    client,
    documentClient,
    store,
    tableName,
    close: async () => {
      client.destroy()
      store.close()
    },
  }
}
