import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { Entity } from 'dynamodb-toolbox'
import type { z } from 'zod'
import { ChorusError } from '../errors/index.ts'
import { keyOf } from './raw-write.ts'

/**
 * Reads sent straight through the document client, without dynamodb-toolbox's parser and formatter
 * (tens of microseconds per call on the hot path). What the caller uses of an item is validated with
 * a Zod schema (`stored-items.ts`), which, like toolbox's formatting, checks types, enums and required
 * attributes and leaves out every attribute it does not name (keys, the entity attribute).
 * The `raw-*-ops.int.test.ts` suites check each read against toolbox's own result.
 */

/** `item` as `schema` reads it; a stored item that no longer parses is an internal error. */
export const decodeItem = <S extends z.ZodType>(entity: Entity, schema: S, item: unknown): z.output<S> => {
  const parsed = schema.safeParse(item)
  if (!parsed.success)
    throw new ChorusError(
      'internal',
      `stored ${entity.entityName} item no longer parses: ${parsed.error.message}`,
    )
  return parsed.data
}

/** A consistent read of one item of `entity`, as `entity.build(GetItemCommand).key(key)` sends it. */
export const rawGet = async <S extends z.ZodType>(
  entity: Entity,
  key: Record<string, string | number>,
  schema: S,
): Promise<z.output<S> | undefined> => {
  const { Item } = await entity.table
    .getDocumentClient()
    .send(
      new GetCommand({ TableName: entity.table.getName(), Key: keyOf(entity, key), ConsistentRead: true }),
    )
  return Item ? decodeItem(entity, schema, Item) : undefined
}

/** A range of sort keys of one partition. */
export type RawRange = { beginsWith: string } | { eq: string } | { between: readonly [string, string] }

/**
 * A consistent query of a range of one partition, filtered on the entity attribute, as toolbox's
 * `table.build(QueryCommand).query(…).entities(entity)` sends it.
 */
const queryInput = (entity: Entity, partition: string, range: RawRange) => {
  const { table } = entity
  if (entity.entityAttribute !== true)
    throw new Error(`${entity.entityName}: a raw query filters on the entity attribute`)
  const [expression, values]: [string, Record<string, string>] =
    'beginsWith' in range
      ? ['#pk = :pk AND begins_with(#sk, :sk)', { ':sk': range.beginsWith }]
      : 'eq' in range
        ? ['#pk = :pk AND #sk = :sk', { ':sk': range.eq }]
        : ['#pk = :pk AND #sk BETWEEN :sk AND :sk2', { ':sk': range.between[0], ':sk2': range.between[1] }]
  return {
    TableName: table.getName(),
    ConsistentRead: true,
    KeyConditionExpression: expression,
    FilterExpression: '#et = :et',
    ExpressionAttributeNames: {
      '#pk': table.partitionKey.name,
      '#sk': (table.sortKey as { name: string }).name,
      '#et': table.entityAttributeSavedAs,
    },
    ExpressionAttributeValues: { ':pk': partition, ...values, ':et': entity.entityName },
  }
}

/**
 * The last item of `entity` in a range: the query in reverse order with a limit of 1, as toolbox
 * sends it with `.options({ reverse: true, limit: 1, consistent: true })` (the entity filter applies
 * after the limit there too).
 */
export const rawQueryLast = async <S extends z.ZodType>(
  entity: Entity,
  partition: string,
  range: RawRange,
  schema: S,
): Promise<z.output<S> | undefined> => {
  const { Items } = await entity.table
    .getDocumentClient()
    .send(new QueryCommand({ ...queryInput(entity, partition, range), Limit: 1, ScanIndexForward: false }))
  const last = Items?.[0]
  return last ? decodeItem(entity, schema, last) : undefined
}

/**
 * Every item of `entity` in a range, in sort key order, page after page, as toolbox sends the query
 * with `.options({ consistent: true, maxPages: Infinity })`.
 */
export const rawQuery = async <S extends z.ZodType>(
  entity: Entity,
  partition: string,
  range: RawRange,
  schema: S,
): Promise<z.output<S>[]> => {
  const input = queryInput(entity, partition, range)
  const found: z.output<S>[] = []
  let start: Record<string, unknown> | undefined
  do {
    const { Items = [], LastEvaluatedKey } = await entity.table
      .getDocumentClient()
      .send(new QueryCommand({ ...input, ...(start ? { ExclusiveStartKey: start } : {}) }))
    for (const item of Items) found.push(decodeItem(entity, schema, item))
    start = LastEvaluatedKey
  } while (start)
  return found
}

/**
 * One page of at most `limit` items of `entity` in a range (the entity filter applies after the
 * limit, as in DynamoDB), last first with `reverse`: as toolbox sends the query with
 * `.options({ consistent: true, reverse, limit })`.
 */
export const rawQueryPage = async <S extends z.ZodType>(
  entity: Entity,
  partition: string,
  range: RawRange,
  schema: S,
  { limit, reverse = false }: { limit: number; reverse?: boolean },
): Promise<z.output<S>[]> => {
  const { Items = [] } = await entity.table.getDocumentClient().send(
    new QueryCommand({
      ...queryInput(entity, partition, range),
      Limit: limit,
      ...(reverse ? { ScanIndexForward: false } : {}),
    }),
  )
  return Items.map((item) => decodeItem(entity, schema, item))
}
