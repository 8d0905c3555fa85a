// An outside producer, as its own process: PutEvents on the Chorus bus through the AWS SDK.
// Usage: node put-events-producer.mjs '<{"endpoint","busName","entries":[{Source,DetailType,Detail}]}>'
// Prints the PutEvents answer as JSON on stdout.
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge'

const { endpoint, busName, entries } = JSON.parse(process.argv[2] ?? '{}')
const client = new EventBridgeClient({
  region: 'us-east-1',
  endpoint,
  credentials: { accessKeyId: 'producer', secretAccessKey: 'producer' },
})
const answer = await client.send(
  new PutEventsCommand({
    Entries: entries.map((e) => ({ ...e, EventBusName: busName, Detail: JSON.stringify(e.Detail) })),
  }),
)
process.stdout.write(JSON.stringify({ FailedEntryCount: answer.FailedEntryCount, Entries: answer.Entries }))
client.destroy()
