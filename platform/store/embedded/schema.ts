import type { AttributeValue, CreateTableCommandInput, TableDescription } from '@aws-sdk/client-dynamodb'
import { decimalSortKey, parseDecimal } from './decimal.ts'
import { validation } from './errors.ts'
import { type Item, typeOf, utf8Bytes } from './values.ts'

export type KeyType = 'S' | 'N' | 'B'

export interface KeySchema {
  hash: string
  range?: string
}

export interface IndexDefinition {
  name: string
  key: KeySchema
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'
  include: string[]
}

/** What the engine keeps about a table: its keys, its global secondary indexes and TTL. */
export interface TableDefinition {
  name: string
  /** The SQLite table holding its items. */
  storage: string
  key: KeySchema
  types: Record<string, KeyType>
  indexes: IndexDefinition[]
  ttlAttribute?: string
  createdAt: number
  billingMode: string
}

const keyOf = (
  elements: { AttributeName?: string; KeyType?: string }[] | undefined,
  where: string,
): KeySchema => {
  const hash = elements?.find((e) => e.KeyType === 'HASH')?.AttributeName
  const range = elements?.find((e) => e.KeyType === 'RANGE')?.AttributeName
  if (!hash || (elements?.length ?? 0) > 2 || (elements?.length === 2 && !range))
    throw validation(`1 validation error detected: Invalid KeySchema for ${where}`)
  return range ? { hash, range } : { hash }
}

export const definitionFrom = (
  input: CreateTableCommandInput,
  storage: string,
  now: number,
): TableDefinition => {
  const name = input.TableName ?? ''
  if (!/^[a-zA-Z0-9_.-]{3,255}$/.test(name))
    throw validation(
      `TableName must be at least 3 characters long and at most 255 characters long, and match [a-zA-Z0-9_.-]+`,
    )
  const types: Record<string, KeyType> = {}
  for (const d of input.AttributeDefinitions ?? []) {
    if (!d.AttributeName || !['S', 'N', 'B'].includes(d.AttributeType ?? ''))
      throw validation('One or more parameter values were invalid: invalid AttributeDefinitions')
    types[d.AttributeName] = d.AttributeType as KeyType
  }
  const key = keyOf(input.KeySchema, 'the table')
  const indexes = (input.GlobalSecondaryIndexes ?? []).map((gsi) => ({
    name: gsi.IndexName ?? '',
    key: keyOf(gsi.KeySchema, `index ${gsi.IndexName}`),
    projection: (gsi.Projection?.ProjectionType ?? 'ALL') as IndexDefinition['projection'],
    include: gsi.Projection?.NonKeyAttributes ?? [],
  }))
  if ((input.LocalSecondaryIndexes ?? []).length > 0)
    throw validation('the embedded store has no local secondary indexes')
  const keyAttributes = [key, ...indexes.map((i) => i.key)].flatMap((k) => [
    k.hash,
    ...(k.range ? [k.range] : []),
  ])
  for (const attribute of keyAttributes)
    if (!types[attribute])
      throw validation(
        `One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [${attribute}]`,
      )
  if (new Set(Object.keys(types)).size !== new Set(keyAttributes).size)
    throw validation(
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    )
  return {
    name,
    storage,
    key,
    types,
    indexes,
    createdAt: now,
    billingMode: input.BillingMode ?? 'PROVISIONED',
  }
}

const schemaElements = (key: KeySchema) => [
  { AttributeName: key.hash, KeyType: 'HASH' as const },
  ...(key.range ? [{ AttributeName: key.range, KeyType: 'RANGE' as const }] : []),
]

export const describe = (table: TableDefinition, itemCount: number): TableDescription => {
  const arn = `arn:aws:dynamodb:local:000000000000:table/${table.name}`
  return {
    TableName: table.name,
    TableArn: arn,
    TableId: table.storage,
    TableStatus: 'ACTIVE',
    CreationDateTime: new Date(table.createdAt),
    ItemCount: itemCount,
    TableSizeBytes: 0,
    AttributeDefinitions: Object.entries(table.types).map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: schemaElements(table.key),
    BillingModeSummary: { BillingMode: table.billingMode as 'PAY_PER_REQUEST' },
    ...(table.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.indexes.map((index) => ({
            IndexName: index.name,
            IndexArn: `${arn}/index/${index.name}`,
            IndexStatus: 'ACTIVE' as const,
            KeySchema: schemaElements(index.key),
            Projection: {
              ProjectionType: index.projection,
              ...(index.include.length > 0 ? { NonKeyAttributes: index.include } : {}),
            },
            ItemCount: itemCount,
          })),
        }
      : {}),
  }
}

const MAX_HASH_BYTES = 2048
const MAX_RANGE_BYTES = 1024

/** The sortable bytes of a key value: UTF-8 for strings (DynamoDB's order), raw bytes, or an ordered number encoding. */
export const keyBytes = (value: AttributeValue): Uint8Array => {
  if (value.S !== undefined) return utf8Bytes(value.S)
  if (value.B !== undefined) return value.B
  return decimalSortKey(parseDecimal(value.N as string))
}

/** Checks one key attribute's value: its type, not empty, not too long. */
export const checkKeyValue = (
  table: TableDefinition,
  attribute: string,
  value: AttributeValue | undefined,
  role: 'hash' | 'range',
  index?: string,
): Uint8Array => {
  const expected = table.types[attribute] as KeyType
  if (value === undefined)
    throw validation(`One or more parameter values were invalid: Missing the key ${attribute} in the item`)
  const actual = typeOf(value)
  if (actual !== expected)
    throw validation(
      index
        ? `One or more parameter values were invalid: Type mismatch for Index Key ${attribute} Expected: ${expected} Actual: ${actual} IndexName: ${index}`
        : `One or more parameter values were invalid: Type mismatch for key ${attribute} expected: ${expected} actual: ${actual}`,
    )
  const bytes = keyBytes(value)
  if (bytes.byteLength === 0)
    throw validation(
      index
        ? `One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty ${expected === 'S' ? 'string' : 'binary'} value. IndexName: ${index}, IndexKey: ${attribute}`
        : `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${expected === 'S' ? 'string' : 'binary'} value. Key: ${attribute}`,
    )
  const limit = role === 'hash' ? MAX_HASH_BYTES : MAX_RANGE_BYTES
  if (expected !== 'N' && bytes.byteLength > limit)
    throw validation(
      `One or more parameter values were invalid: Size of ${role === 'hash' ? 'hashkey' : 'rangekey'} has exceeded the maximum size limit of ${limit} bytes`,
    )
  return bytes
}

const NO_RANGE = new Uint8Array(0)

/** The stored key of a `Key` parameter: exactly the table's key attributes. */
export const keyOfRequest = (
  table: TableDefinition,
  key: Item | undefined,
): { pk: Uint8Array; sk: Uint8Array } => {
  const names = Object.keys(key ?? {})
  const expected = [table.key.hash, ...(table.key.range ? [table.key.range] : [])]
  if (!key || names.length !== expected.length || !expected.every((n) => key[n] !== undefined))
    throw validation('The provided key element does not match the schema')
  return {
    pk: checkKeyValue(table, table.key.hash, key[table.key.hash], 'hash'),
    sk: table.key.range ? checkKeyValue(table, table.key.range, key[table.key.range], 'range') : NO_RANGE,
  }
}

/** The key attributes of an item (for LastEvaluatedKey and ALL_OLD on a key). */
export const keyAttributes = (table: TableDefinition, item: Item, index?: IndexDefinition): Item => {
  const names = [table.key.hash, table.key.range, index?.key.hash, index?.key.range]
  const key: Item = {}
  for (const name of names) if (name && item[name] !== undefined) key[name] = item[name] as AttributeValue
  return key
}

/** Stored columns of an item: its key, each index's key (null when the item is not in that sparse index), TTL. */
export interface Row {
  pk: Uint8Array
  sk: Uint8Array
  indexes: (readonly [Uint8Array, Uint8Array] | null)[]
  expires: number | null
}

export const rowOf = (table: TableDefinition, item: Item): Row => {
  const pk = checkKeyValue(table, table.key.hash, item[table.key.hash], 'hash')
  const sk = table.key.range
    ? checkKeyValue(table, table.key.range, item[table.key.range], 'range')
    : NO_RANGE
  const indexes = table.indexes.map((index) => {
    const hash = item[index.key.hash]
    const range = index.key.range ? item[index.key.range] : undefined
    if (hash === undefined || (index.key.range && range === undefined)) {
      // Sparse: not in the index, but a present key attribute must still have the right type.
      if (hash !== undefined) checkKeyValue(table, index.key.hash, hash, 'hash', index.name)
      if (range !== undefined) checkKeyValue(table, index.key.range as string, range, 'range', index.name)
      return null
    }
    return [
      checkKeyValue(table, index.key.hash, hash, 'hash', index.name),
      index.key.range ? checkKeyValue(table, index.key.range, range, 'range', index.name) : NO_RANGE,
    ] as const
  })
  const ttl = table.ttlAttribute ? item[table.ttlAttribute]?.N : undefined
  const expires = ttl === undefined ? null : Math.floor(Number(ttl))
  return { pk, sk, indexes, expires: Number.isFinite(expires) ? expires : null }
}
