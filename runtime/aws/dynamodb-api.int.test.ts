import { describeDynamoApiConformance } from '#platform/store/embedded/dynamodb-api.conformance.ts'
import { ensureTable } from '#platform/store/index.ts'
import { motoClients, uniquePrefix } from './testing/emulator.ts'

describeDynamoApiConformance('DynamoDB on moto', async () => {
  const clients = motoClients()
  const tableName = uniquePrefix('api')
  await ensureTable(clients.dynamo.client, tableName)
  return { ...clients.dynamo, tableName, close: async () => clients.destroy() }
})
