import { newId } from '#events'
import { makeDynamoClients } from './client.ts'
import { startEmbeddedDynamo } from './embedded/dynalite-server.ts'
import { ensureTable, makeTable } from './table.ts'

/** Test helper: an embedded DynamoDB with a fresh table. In memory unless `path` is given. */
export const startTestTable = async (options: { path?: string } = {}) => {
  const dynamo = await startEmbeddedDynamo(options)
  const { client, documentClient } = makeDynamoClients({ endpoint: dynamo.endpoint })
  const tableName = `chorus-test-${newId().toLowerCase()}`
  await ensureTable(client, tableName)
  return {
    table: makeTable(documentClient, tableName),
    client,
    endpoint: dynamo.endpoint,
    tableName,
    close: async () => {
      client.destroy()
      await dynamo.close()
    },
  }
}
