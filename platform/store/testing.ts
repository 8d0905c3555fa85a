import { UpdateItemCommand } from 'dynamodb-toolbox'
import { chainHash, newId } from '#events'
import { makeDynamoClients } from './client.ts'
import { openEmbeddedStore } from './embedded/engine.ts'
import { makeEventEntity } from './entities/event.ts'
import type { EventLog } from './event-log.ts'
import { type ChorusTable, ensureTable, makeTable } from './table.ts'

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

/** A stored event body as the rewriting helper hands it over. */
type StoredBody = { meta: Record<string, unknown>; data: Record<string, unknown> }

/**
 * Test helper for the audit: rewrites a run's stored log the way a careful attacker would, changing
 * the body of the event at `seq` (`edit`) and recomputing every hash from there on, so the chain
 * alone still verifies. Only a signed anchor or the re-derivation can tell.
 */
export const rewriteRunLog = async <Body extends { meta: unknown; data: unknown } = StoredBody>(
  table: ChorusTable,
  log: Pick<EventLog, 'chain'>,
  at: { tenantId: string; runId: string; seq: number },
  edit: (body: Body) => void,
) => {
  const events = makeEventEntity(table)
  const links = await log.chain(at.tenantId, at.runId)
  let previous = (links[0] as { prevHash: string }).prevHash
  for (const link of links) {
    const body = JSON.parse(link.body) as Body
    if (link.seq === at.seq) edit(body)
    const hash = chainHash(previous, body)
    await events
      .build(UpdateItemCommand)
      .item({
        tenantId: at.tenantId,
        runId: at.runId,
        seq: link.seq,
        body: JSON.stringify(body),
        prevHash: previous,
        hash,
      })
      .send()
    previous = hash
  }
  return links
}
