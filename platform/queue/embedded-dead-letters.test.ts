import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { CONSUMERS, type Consumer, type Envelope } from '#events'
import { silentLogger } from '../log/index.ts'
import { describeDeadLetters } from './dead-letters.conformance.ts'
import { makeEmbeddedDeadLetters } from './embedded-dead-letters.ts'
import { LocalQueue } from './local-queue.ts'
import { makeMemoryQueueStore, type QueueStore } from './queue-store.ts'
import { openSqliteQueueStore } from './sqlite-queue-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'chorus-dlq-'))
const stores: QueueStore[] = []
afterAll(() => {
  for (const store of stores) store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Real consumer queues on the store, whose handlers record what they are given. */
const harnessOn = (store: QueueStore) => {
  stores.push(store)
  const handled: Record<string, Envelope[]> = {}
  const queues = Object.fromEntries(
    CONSUMERS.map((consumer) => [
      consumer,
      new LocalQueue({
        name: consumer,
        logger: silentLogger,
        store,
        handler: async (event) => {
          handled[consumer] = [...(handled[consumer] ?? []), event]
        },
      }),
    ]),
  ) as Record<Consumer, LocalQueue>
  return {
    deadLetters: makeEmbeddedDeadLetters({ store, queues }),
    park: async (
      consumer: Consumer,
      event: Envelope,
      letter: { reason: { code: string; message: string; retryable: boolean }; receives: number; at: string },
    ) => {
      const message = store.add(consumer, `${event.meta.tenantId}#${event.meta.runId}`, event)
      store.deadLetter({ ...message, receives: letter.receives }, letter.reason, letter.at)
    },
    arrived: async (consumer: Consumer, tenantId: string) => {
      await queues[consumer].idle()
      const mine = (handled[consumer] ?? []).filter((e) => e.meta.tenantId === tenantId)
      handled[consumer] = (handled[consumer] ?? []).filter((e) => e.meta.tenantId !== tenantId)
      return mine
    },
  }
}

describeDeadLetters('embedded, memory store', async () => harnessOn(makeMemoryQueueStore()))
let n = 0
describeDeadLetters('embedded, SQLite store', async () =>
  harnessOn(openSqliteQueueStore({ path: join(dir, `q${n++}`, 'queues.sqlite') })),
)
