import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import { type Envelope, Meta } from '#events'
import { ChorusError } from '../errors/index.ts'
import { DatabaseSync } from './node-sqlite.ts'
import type {
  DeadLetter,
  DeadLetterFilter,
  DeliveryFailure,
  QueueStore,
  StoredMessage,
} from './queue-store.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  grp TEXT NOT NULL,
  body TEXT NOT NULL,
  receives INTEGER NOT NULL DEFAULT 0,
  visible_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_by_queue ON messages (queue, id);
CREATE TABLE IF NOT EXISTS dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  tenant TEXT NOT NULL,
  run TEXT NOT NULL,
  body TEXT NOT NULL,
  reason TEXT NOT NULL,
  receives INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dead_letters_by_tenant ON dead_letters (tenant, id);
`

const StoredEnvelope = z.object({ meta: Meta, data: z.unknown() })
const Reason = z.object({ code: z.string(), message: z.string(), retryable: z.boolean() })

/** Our own rows: a row that does not parse is a bug or a tampered file, reported as such. */
const envelopeOf = (body: string, where: string): Envelope => {
  const parsed = StoredEnvelope.safeParse(JSON.parse(body))
  if (!parsed.success)
    throw new ChorusError(
      'queue.invalidRecord',
      `unreadable queued event in ${where}: ${parsed.error.message}`,
    )
  return parsed.data
}

type Row = Record<string, string | number | null>

export interface SqliteQueueStoreOptions {
  /** The database file, created with its directory when missing. */
  path: string
}

/**
 * A durable {@link QueueStore} in one SQLite file (`node:sqlite`). WAL journal, `synchronous=NORMAL`:
 * every change is committed before the call returns and survives a killed process (a power loss
 * may take the last few). The connection holds the file's lock exclusively (`locking_mode=EXCLUSIVE`),
 * so a second process on the same file fails at once with `queue.locked` instead of sharing it.
 */
export const openSqliteQueueStore = ({ path }: SqliteQueueStoreOptions): QueueStore => {
  mkdirSync(dirname(path), { recursive: true })
  const db = new DatabaseSync(path, { timeout: 0 })
  try {
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;')
    db.exec(SCHEMA)
  } catch (error) {
    db.close()
    if (/locked|busy/i.test(String((error as Error).message)))
      throw new ChorusError('queue.locked', `${path} is in use by another process`, { cause: error })
    throw error
  }

  const sql = {
    pending: db.prepare(
      'SELECT id, grp, body, receives, visible_at FROM messages WHERE queue = ? ORDER BY id',
    ),
    add: db.prepare('INSERT INTO messages (queue, grp, body) VALUES (?, ?, ?)'),
    received: db.prepare('UPDATE messages SET receives = ? WHERE id = ?'),
    delay: db.prepare('UPDATE messages SET visible_at = ? WHERE id = ?'),
    remove: db.prepare('DELETE FROM messages WHERE id = ?'),
    addLetter: db.prepare(
      'INSERT INTO dead_letters (queue, tenant, run, body, reason, receives, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    letter: db.prepare('SELECT * FROM dead_letters WHERE id = ?'),
    removeLetter: db.prepare('DELETE FROM dead_letters WHERE id = ?'),
  }

  const letterOf = (row: Row): DeadLetter => ({
    id: Number(row.id),
    queue: String(row.queue),
    event: envelopeOf(String(row.body), `dead letter ${row.id}`),
    reason: Reason.parse(JSON.parse(String(row.reason))) as DeliveryFailure,
    receives: Number(row.receives),
    at: String(row.at),
  })

  const inTransaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      db.exec('COMMIT')
      return result
    } catch (error) {
      db.exec('ROLLBACK')
      throw error
    }
  }

  return {
    pending: (queue) =>
      (sql.pending.all(queue) as Row[]).map((row) => ({
        id: Number(row.id),
        queue,
        group: String(row.grp),
        event: envelopeOf(String(row.body), `message ${row.id} of ${queue}`),
        receives: Number(row.receives),
        visibleAt: Number(row.visible_at),
      })),

    add: (queue, group, event): StoredMessage => {
      const { lastInsertRowid } = sql.add.run(queue, group, JSON.stringify(event))
      return { id: Number(lastInsertRowid), queue, group, event, receives: 0, visibleAt: 0 }
    },

    received: (id, receives) => {
      sql.received.run(receives, id)
    },

    delay: (id, visibleAt) => {
      sql.delay.run(visibleAt, id)
    },

    remove: (id) => {
      sql.remove.run(id)
    },

    deadLetter: (message, reason, at) =>
      inTransaction(() => {
        sql.remove.run(message.id)
        const { meta } = message.event
        const { lastInsertRowid } = sql.addLetter.run(
          message.queue,
          meta.tenantId,
          meta.runId,
          JSON.stringify(message.event),
          JSON.stringify(reason),
          message.receives,
          at,
        )
        return {
          id: Number(lastInsertRowid),
          queue: message.queue,
          event: message.event,
          reason,
          receives: message.receives,
          at,
        }
      }),

    deadLetters: (filter: DeadLetterFilter = {}) => {
      const where: string[] = []
      const params: (string | number)[] = []
      if (filter.id !== undefined) where.push('id = ?') && params.push(filter.id)
      if (filter.tenantId !== undefined) where.push('tenant = ?') && params.push(filter.tenantId)
      if (filter.queue !== undefined) where.push('queue = ?') && params.push(filter.queue)
      if (filter.runId !== undefined) where.push('run = ?') && params.push(filter.runId)
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''
      params.push(filter.limit ?? -1)
      return (
        db.prepare(`SELECT * FROM dead_letters ${clause} ORDER BY id LIMIT ?`).all(...params) as Row[]
      ).map(letterOf)
    },

    takeDeadLetter: (id) =>
      inTransaction(() => {
        const row = sql.letter.get(id) as Row | undefined
        if (!row) return undefined
        sql.removeLetter.run(id)
        return letterOf(row)
      }),

    close: () => {
      if (db.isOpen) db.close()
    },
  }
}
