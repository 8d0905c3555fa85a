import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serialize } from 'node:v8'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseSync } from '../../queue/node-sqlite.ts'
import { type EmbeddedStore, openEmbeddedStore } from './engine.ts'

const TABLE = {
  TableName: 'things',
  AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK'].map((AttributeName) => ({
    AttributeName,
    AttributeType: 'S',
  })),
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'GSI1',
      KeySchema: [
        { AttributeName: 'GSI1PK', KeyType: 'HASH' },
        { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
}

const rejection = (work: () => unknown): string => {
  try {
    work()
    return 'resolved'
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`
  }
}

describe('embedded engine', () => {
  const dirs: string[] = []
  const stores: EmbeddedStore[] = []
  const open = (options: Parameters<typeof openEmbeddedStore>[0] = {}) => {
    const store = openEmbeddedStore({ sweepIntervalMs: 0, ...options })
    stores.push(store)
    store.execute('CreateTableCommand', TABLE)
    return store
  }
  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('rejects what DynamoDB rejects and moto lets pass: a key of the wrong type, a filter on a key attribute', () => {
    const store = open()
    expect(
      rejection(() =>
        store.execute('GetItemCommand', { TableName: 'things', Key: { PK: { N: '1' }, SK: { S: 'a' } } }),
      ),
    ).toMatch(/ValidationException: .*Type mismatch for key PK/)
    expect(
      rejection(() =>
        store.execute('QueryCommand', {
          TableName: 'things',
          KeyConditionExpression: 'PK = :p',
          FilterExpression: 'SK = :s',
          ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { S: 's' } },
        }),
      ),
    ).toMatch(/ValidationException: Filter Expression can only contain non-primary key attributes/)
  })

  it('rejects malformed key conditions', () => {
    const store = open()
    const query = (KeyConditionExpression: string) =>
      rejection(() =>
        store.execute('QueryCommand', {
          TableName: 'things',
          KeyConditionExpression,
          ExpressionAttributeValues: { ':p': { S: 'p' }, ':s': { S: 's' } },
        }),
      )
    expect(query('PK = :p OR SK = :s')).toMatch(/ValidationException: Invalid KeyConditionExpression/)
    expect(query('SK = :s AND GSI1PK = :p')).toMatch(/ValidationException/)
    expect(query('PK = :p AND SK <> :s')).toMatch(/ValidationException/)
    expect(query('PK = :p AND contains(SK, :s)')).toMatch(/ValidationException/)
  })

  it('deletes expired items in its sweep once TTL is on, and keeps the others', () => {
    let now = Date.parse('2026-12-01T00:00:00Z')
    const store = open({ now: () => now })
    const seconds = (ms: number) => ({ N: String(Math.floor(ms / 1000)) })
    store.execute('PutItemCommand', {
      TableName: 'things',
      Item: { PK: { S: 'p' }, SK: { S: 'old' }, expiresAt: seconds(now + 1000) },
    })
    store.execute('UpdateTimeToLiveCommand', {
      TableName: 'things',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    })
    store.execute('PutItemCommand', {
      TableName: 'things',
      Item: { PK: { S: 'p' }, SK: { S: 'new' }, expiresAt: seconds(now + 60_000) },
    })
    store.execute('PutItemCommand', { TableName: 'things', Item: { PK: { S: 'p' }, SK: { S: 'kept' } } })
    now += 5000
    expect(store.sweepExpired()).toBe(1)
    const { Items } = store.execute('QueryCommand', {
      TableName: 'things',
      KeyConditionExpression: 'PK = :p',
      ExpressionAttributeValues: { ':p': { S: 'p' } },
    }) as { Items: { SK: { S: string } }[] }
    expect(Items.map((i) => i.SK.S)).toEqual(['kept', 'new'])
  })

  it('keeps tables and items in its file across a reopen, and holds the file for one process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-engine-'))
    dirs.push(dir)
    const path = join(dir, 'store.sqlite')
    const first = open({ path })
    first.execute('PutItemCommand', {
      TableName: 'things',
      Item: { PK: { S: 'p' }, SK: { S: 's' }, v: { B: Uint8Array.of(1, 2) } },
    })
    expect(() => openEmbeddedStore({ path, sweepIntervalMs: 0 })).toThrow(
      expect.objectContaining({ code: 'store.locked' }),
    )
    first.close()
    const second = openEmbeddedStore({ path, sweepIntervalMs: 0 })
    stores.push(second)
    expect(
      second.execute('GetItemCommand', { TableName: 'things', Key: { PK: { S: 'p' }, SK: { S: 's' } } }),
    ).toEqual({
      Item: { PK: { S: 'p' }, SK: { S: 's' }, v: { B: Uint8Array.of(1, 2) } },
    })
  })

  it('updates an item in its row, and stores items as their V8 serialization', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-engine-'))
    dirs.push(dir)
    const path = join(dir, 'store.sqlite')
    const key = (sk: string) => ({ PK: { S: 'p' }, SK: { S: sk } })
    const first = { ...key('first'), text: { S: 'a step output. '.repeat(40) } }
    const second = { ...key('second'), text: { S: 'short' } }
    const store = open({ path })
    store.execute('PutItemCommand', { TableName: 'things', Item: first })
    store.execute('PutItemCommand', { TableName: 'things', Item: second })
    store.execute('PutItemCommand', { TableName: 'things', Item: { ...second, text: { S: 'updated' } } })
    store.close()

    const db = new DatabaseSync(path)
    const [storage] = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 't_%'").all() as {
        name: string
      }[]
    ).map((t) => `"${t.name}"`)
    const rows = db.prepare(`SELECT rowid AS position, sk, item FROM ${storage} ORDER BY rowid`).all() as {
      position: number
      sk: Uint8Array
      item: Uint8Array
    }[]
    db.close()
    // Two rows: the update replaced the second item where it was (an upsert, not a delete and an insert).
    expect(rows.map((r) => [r.position, Buffer.from(r.sk).toString()])).toEqual([
      [1, 'first'],
      [2, 'second'],
    ])
    expect(rows.map((r) => Buffer.from(r.item))).toEqual([
      serialize(first),
      serialize({ ...second, text: { S: 'updated' } }),
    ])
  })
})
