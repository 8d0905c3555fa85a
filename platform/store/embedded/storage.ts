import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { StatementSync } from 'node:sqlite'
import { deserialize, serialize } from 'node:v8'
import { ChorusError } from '../../errors/index.ts'
import { DatabaseSync } from '../../queue/node-sqlite.ts'
import type { Row, TableDefinition } from './schema.ts'
import type { Item } from './values.ts'

/** A bound of a key range: the stored key bytes and whether the bound itself is included. */
export interface Bound {
  bytes: Uint8Array
  inclusive: boolean
}

export interface RangeQuery {
  /** The index to read, or undefined for the table. */
  index?: number
  hash: Uint8Array
  lower?: Bound
  upper?: Bound
  forward: boolean
  /** Continue after this position: (range, pk, sk) on an index, (sk) on the table. */
  after?: Uint8Array[]
}

const META = `
CREATE TABLE IF NOT EXISTS dynamo_tables (name TEXT PRIMARY KEY, definition TEXT NOT NULL);
`

const quote = (name: string) => `"${name}"`

/**
 * The SQLite side of the engine: one SQLite table per DynamoDB table, items as V8-serialized
 * AttributeValue maps, keys as byte strings (SQLite compares BLOBs with memcmp, which is DynamoDB's
 * order), one partial index per global secondary index (sparse: rows without its keys are not in it).
 */
export class Storage {
  readonly db: InstanceType<typeof DatabaseSync>
  private readonly statements = new Map<string, StatementSync>()

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.db = new DatabaseSync(path, { timeout: 0 })
    try {
      this.db.exec('PRAGMA auto_vacuum = INCREMENTAL')
      if (path !== ':memory:') this.db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL')
      this.db.exec('PRAGMA synchronous = NORMAL; PRAGMA cache_size = -16000; PRAGMA temp_store = MEMORY')
      this.db.exec(META)
    } catch (error) {
      this.db.close()
      if (/locked|busy/i.test(String((error as Error).message)))
        throw new ChorusError('store.locked', `${path} is in use by another process`, { cause: error })
      throw error
    }
  }

  statement(sql: string): StatementSync {
    let statement = this.statements.get(sql)
    if (!statement) {
      statement = this.db.prepare(sql)
      this.statements.set(sql, statement)
    }
    return statement
  }

  definitions(): TableDefinition[] {
    return (this.statement('SELECT definition FROM dynamo_tables').all() as { definition: string }[]).map(
      (row) => JSON.parse(row.definition) as TableDefinition,
    )
  }

  saveDefinition(table: TableDefinition): void {
    this.statement('INSERT OR REPLACE INTO dynamo_tables (name, definition) VALUES (?, ?)').run(
      table.name,
      JSON.stringify(table),
    )
  }

  createTable(table: TableDefinition): void {
    const t = quote(table.storage)
    const indexColumns = table.indexes.map((_, i) => `, g${i}pk BLOB, g${i}sk BLOB`).join('')
    this.transaction(() => {
      this.db.exec(
        `CREATE TABLE ${t} (id INTEGER PRIMARY KEY, pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL, expires INTEGER${indexColumns});
         CREATE UNIQUE INDEX ${quote(`${table.storage}_key`)} ON ${t} (pk, sk);
         CREATE INDEX ${quote(`${table.storage}_ttl`)} ON ${t} (expires) WHERE expires IS NOT NULL;
         ${table.indexes
           .map(
             (_, i) =>
               `CREATE INDEX ${quote(`${table.storage}_g${i}`)} ON ${t} (g${i}pk, g${i}sk, pk, sk) WHERE g${i}pk IS NOT NULL;`,
           )
           .join('\n')}`,
      )
      this.saveDefinition(table)
    })
  }

  dropTable(table: TableDefinition): void {
    this.transaction(() => {
      this.db.exec(`DROP TABLE ${quote(table.storage)}`)
      this.statement('DELETE FROM dynamo_tables WHERE name = ?').run(table.name)
    })
    for (const sql of this.statements.keys())
      if (sql.includes(quote(table.storage))) this.statements.delete(sql)
  }

  count(table: TableDefinition): number {
    return Number(
      (this.statement(`SELECT count(*) AS n FROM ${quote(table.storage)}`).get() as { n: number }).n,
    )
  }

  get(table: TableDefinition, pk: Uint8Array, sk: Uint8Array): Item | undefined {
    const row = this.statement(`SELECT item FROM ${quote(table.storage)} WHERE pk = ? AND sk = ?`).get(
      pk,
      sk,
    ) as { item: Uint8Array } | undefined
    return row ? (deserialize(row.item) as Item) : undefined
  }

  put(table: TableDefinition, row: Row, item: Item): void {
    const columns = table.indexes.map((_, i) => `, g${i}pk, g${i}sk`).join('')
    const marks = table.indexes.map(() => ', ?, ?').join('')
    const updates = table.indexes
      .map((_, i) => `, g${i}pk = excluded.g${i}pk, g${i}sk = excluded.g${i}sk`)
      .join('')
    const values = row.indexes.flatMap((key) => (key ? [key[0], key[1]] : [null, null]))
    // An upsert, not INSERT OR REPLACE: a replaced item keeps its row, so an update is written in
    // place instead of as a delete (a hole in an old page) and an insert at the end of the table.
    this.statement(
      `INSERT INTO ${quote(table.storage)} (pk, sk, item, expires${columns}) VALUES (?, ?, ?, ?${marks})
       ON CONFLICT (pk, sk) DO UPDATE SET item = excluded.item, expires = excluded.expires${updates}`,
    ).run(row.pk, row.sk, serialize(item), row.expires, ...values)
  }

  delete(table: TableDefinition, pk: Uint8Array, sk: Uint8Array): void {
    this.statement(`DELETE FROM ${quote(table.storage)} WHERE pk = ? AND sk = ?`).run(pk, sk)
  }

  /** Items of one partition (of the table or an index) in key order, read lazily. */
  *range(table: TableDefinition, query: RangeQuery): Generator<Item> {
    const index = query.index
    const [hash, range] = index === undefined ? ['pk', 'sk'] : [`g${index}pk`, `g${index}sk`]
    const order = query.forward ? 'ASC' : 'DESC'
    const where = [`${hash} = ?`]
    const params: Uint8Array[] = [query.hash]
    if (query.lower) {
      where.push(`${range} ${query.lower.inclusive ? '>=' : '>'} ?`)
      params.push(query.lower.bytes)
    }
    if (query.upper) {
      where.push(`${range} ${query.upper.inclusive ? '<=' : '<'} ?`)
      params.push(query.upper.bytes)
    }
    if (query.after) {
      const tuple = index === undefined ? 'sk' : `(${range}, pk, sk)`
      where.push(`${tuple} ${query.forward ? '>' : '<'} ${index === undefined ? '?' : '(?, ?, ?)'}`)
      params.push(...query.after)
    }
    const orderBy = index === undefined ? `sk ${order}` : `${range} ${order}, pk ${order}, sk ${order}`
    const sql = `SELECT item FROM ${quote(table.storage)} WHERE ${where.join(' AND ')} ORDER BY ${orderBy}`
    for (const row of this.statement(sql).iterate(...params) as Iterable<{ item: Uint8Array }>)
      yield deserialize(row.item) as Item
  }

  /** Every item of the table (or of an index) in stored order, from after a position. */
  *scan(table: TableDefinition, index: number | undefined, after?: Uint8Array[]): Generator<Item> {
    const t = quote(table.storage)
    const sql =
      index === undefined
        ? `SELECT item FROM ${t}${after ? ' WHERE (pk, sk) > (?, ?)' : ''} ORDER BY pk, sk`
        : `SELECT item FROM ${t} WHERE g${index}pk IS NOT NULL${after ? ` AND (g${index}pk, g${index}sk, pk, sk) > (?, ?, ?, ?)` : ''} ORDER BY g${index}pk, g${index}sk, pk, sk`
    for (const row of this.statement(sql).iterate(...(after ?? [])) as Iterable<{ item: Uint8Array }>)
      yield deserialize(row.item) as Item
  }

  /** Deletes up to `limit` items whose TTL is before `nowSeconds`; returns how many. */
  sweep(table: TableDefinition, nowSeconds: number, limit: number): number {
    const t = quote(table.storage)
    const { changes } = this.statement(
      `DELETE FROM ${t} WHERE id IN (SELECT id FROM ${t} WHERE expires IS NOT NULL AND expires < ? LIMIT ?)`,
    ).run(nowSeconds, limit)
    return Number(changes)
  }

  /** Recomputes the TTL column of every item (after TTL was switched on or moved to another attribute). */
  reindexTtl(table: TableDefinition, expiresOf: (item: Item) => number | null): void {
    const t = quote(table.storage)
    const update = this.statement(`UPDATE ${t} SET expires = ? WHERE id = ?`)
    this.transaction(() => {
      for (const row of this.db.prepare(`SELECT id, item FROM ${t}`).all() as {
        id: number
        item: Uint8Array
      }[])
        update.run(expiresOf(deserialize(row.item) as Item), row.id)
    })
  }

  /** Gives pages freed by deletes back to the file system, a bounded amount at a time. */
  vacuum(pages: number): void {
    this.db.exec(`PRAGMA incremental_vacuum(${Math.max(1, Math.floor(pages))})`)
  }

  transaction<T>(work: () => T): T {
    this.db.exec('BEGIN IMMEDIATE')
    try {
      const result = work()
      this.db.exec('COMMIT')
      return result
    } catch (error) {
      this.db.exec('ROLLBACK')
      throw error
    }
  }

  close(): void {
    this.statements.clear()
    this.db.close()
  }
}
