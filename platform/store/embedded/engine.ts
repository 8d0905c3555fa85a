import { randomUUID } from 'node:crypto'
import { batchGet, batchWrite, getItem, transactGet, transactWrite } from './batch.ts'
import { tableInUse, tableNotFound, unknownOperation, validation } from './errors.ts'
import { read } from './read.ts'
import { definitionFrom, describe, rowOf, type TableDefinition } from './schema.ts'
import { Storage } from './storage.ts'
import type { Item } from './values.ts'
import { applyPlan, attributesOutput, planWrite, type WriteInput, type WriteKind } from './write-plan.ts'

export interface EmbeddedStoreOptions {
  /** The SQLite file; `:memory:` (the default) keeps everything in memory (tests). */
  path?: string
  /** How often expired items (TTL) are deleted; 0 turns the sweep off. Default 60 s. */
  sweepIntervalMs?: number
  /** Milliseconds since the epoch (tests move time). */
  now?: () => number
}

/** The DynamoDB operations the engine answers, by the SDK's command name. */
export type Operation = (input: never) => object

/**
 * An embedded DynamoDB engine on SQLite: the subset of DynamoDB's API Chorus uses (tables, item
 * reads and writes with the full expression language, Query and Scan on the table and its global
 * secondary indexes, batches, transactions, TTL), as strict as DynamoDB in what it rejects.
 * Everything runs synchronously in the caller's process; attach it to a DynamoDB client with
 * `makeDynamoClients({ embedded })`.
 */
export class EmbeddedStore {
  readonly path: string
  private readonly storage: Storage
  private readonly tables = new Map<string, TableDefinition>()
  private readonly now: () => number
  private readonly sweeper: NodeJS.Timeout | undefined
  private closed = false

  constructor(options: EmbeddedStoreOptions = {}) {
    this.path = options.path ?? ':memory:'
    this.now = options.now ?? Date.now
    this.storage = new Storage(this.path)
    for (const table of this.storage.definitions()) this.tables.set(table.name, table)
    const interval = options.sweepIntervalMs ?? 60_000
    if (interval > 0) {
      this.sweeper = setInterval(() => this.sweepExpired(), interval)
      this.sweeper.unref()
    }
  }

  private table(name: string | undefined): TableDefinition {
    const table = name === undefined ? undefined : this.tables.get(name)
    if (!table) throw tableNotFound(name ?? '')
    return table
  }

  private write(kind: WriteKind, input: WriteInput) {
    const plan = planWrite(this.storage, this.table(input.TableName), kind, input)
    if (plan.failed) throw plan.failed
    applyPlan(this.storage, plan)
    return attributesOutput(plan)
  }

  private readonly operations: Record<string, (input: never) => object> = {
    CreateTableCommand: (input: Parameters<typeof definitionFrom>[0]) => {
      if (input.TableName && this.tables.has(input.TableName)) throw tableInUse(input.TableName)
      const table = definitionFrom(input, `t_${randomUUID().replaceAll('-', '')}`, this.now())
      this.storage.createTable(table)
      this.tables.set(table.name, table)
      return { TableDescription: describe(table, 0) }
    },
    DescribeTableCommand: (input: { TableName?: string }) => {
      const table = this.table(input.TableName)
      return { Table: describe(table, this.storage.count(table)) }
    },
    DeleteTableCommand: (input: { TableName?: string }) => {
      const table = this.table(input.TableName)
      const description = describe(table, this.storage.count(table))
      this.storage.dropTable(table)
      this.tables.delete(table.name)
      return { TableDescription: { ...description, TableStatus: 'DELETING' } }
    },
    ListTablesCommand: () => ({ TableNames: [...this.tables.keys()].sort() }),
    UpdateTimeToLiveCommand: (input: {
      TableName?: string
      TimeToLiveSpecification?: { AttributeName?: string; Enabled?: boolean }
    }) => {
      const table = this.table(input.TableName)
      const spec = input.TimeToLiveSpecification
      if (!spec?.AttributeName || spec.Enabled === undefined)
        throw validation('TimeToLiveSpecification is required')
      if (spec.Enabled && table.ttlAttribute) throw validation('TimeToLive is already enabled')
      if (!spec.Enabled && table.ttlAttribute !== spec.AttributeName)
        throw validation('TimeToLive is already disabled')
      const next: TableDefinition = { ...table }
      if (spec.Enabled) next.ttlAttribute = spec.AttributeName
      else delete next.ttlAttribute
      this.storage.saveDefinition(next)
      this.storage.reindexTtl(next, (item: Item) => rowOf(next, item).expires)
      this.tables.set(next.name, next)
      return { TimeToLiveSpecification: spec }
    },
    DescribeTimeToLiveCommand: (input: { TableName?: string }) => {
      const table = this.table(input.TableName)
      return {
        TimeToLiveDescription: table.ttlAttribute
          ? { TimeToLiveStatus: 'ENABLED', AttributeName: table.ttlAttribute }
          : { TimeToLiveStatus: 'DISABLED' },
      }
    },
    GetItemCommand: (input: { TableName?: string; Key?: Item }) => {
      const item = getItem(this.storage, this.table(input.TableName), input)
      return item ? { Item: item } : {}
    },
    PutItemCommand: (input: WriteInput) => this.write('put', input),
    UpdateItemCommand: (input: WriteInput) => this.write('update', input),
    DeleteItemCommand: (input: WriteInput) => this.write('delete', input),
    QueryCommand: (input: Parameters<typeof read>[2]) =>
      read(this.storage, this.table(input.TableName), input, 'query'),
    ScanCommand: (input: Parameters<typeof read>[2]) =>
      read(this.storage, this.table(input.TableName), input, 'scan'),
    BatchGetItemCommand: (input: { RequestItems?: Parameters<typeof batchGet>[2] }) =>
      batchGet(this.storage, (name) => this.table(name), input.RequestItems ?? {}),
    BatchWriteItemCommand: (input: { RequestItems?: Parameters<typeof batchWrite>[2] }) =>
      batchWrite(this.storage, (name) => this.table(name), input.RequestItems ?? {}),
    TransactWriteItemsCommand: (input: { TransactItems?: Parameters<typeof transactWrite>[2] }) =>
      transactWrite(this.storage, (name) => this.table(name), input.TransactItems),
    TransactGetItemsCommand: (input: { TransactItems?: Parameters<typeof transactGet>[2] }) =>
      transactGet(this.storage, (name) => this.table(name), input.TransactItems),
  }

  /** Answers one DynamoDB command (input and output in the low-level AttributeValue form). */
  execute(command: string, input: object): object {
    if (this.closed) throw new Error('the embedded store is closed')
    const operation = this.operations[command]
    if (!operation) throw unknownOperation(command)
    return operation(input as never)
  }

  /** Deletes items whose TTL has passed, in bounded batches; returns how many. */
  sweepExpired(): number {
    if (this.closed) return 0
    const nowSeconds = Math.floor(this.now() / 1000)
    let deleted = 0
    for (const table of this.tables.values()) {
      if (!table.ttlAttribute) continue
      for (let batch = 0; batch < 50; batch++) {
        const n = this.storage.sweep(table, nowSeconds, 1000)
        deleted += n
        if (n < 1000) break
      }
    }
    if (deleted > 0) this.storage.vacuum(deleted)
    return deleted
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    if (this.sweeper) clearInterval(this.sweeper)
    this.storage.close()
  }
}

/** Opens (or creates) an embedded store. */
export const openEmbeddedStore = (options: EmbeddedStoreOptions = {}) => new EmbeddedStore(options)
