import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import {
  ConditionCheck,
  type Entity,
  type PutItemInput,
  PutTransaction,
  UpdateTransaction,
} from 'dynamodb-toolbox'

/**
 * A condition on top-level attributes, in dynamodb-toolbox's syntax (the subset the hot writes use),
 * turned into an expression without toolbox's parser.
 */
export type RawCondition =
  | { attr: string; exists: boolean }
  | { attr: string; eq: string | number }
  | { attr: string; lt: string | number }
  | { attr: string; lte: string | number }
  | { attr: string; in: readonly (string | number)[] }
  | { or: readonly RawCondition[] }
  | { and: readonly RawCondition[] }

interface Expression {
  ConditionExpression: string
  ExpressionAttributeNames: Record<string, string>
  ExpressionAttributeValues?: Record<string, unknown>
}

/** The expression of a condition, with its own placeholders (`#c0`, `:c0`, …). */
export const conditionExpression = (condition: RawCondition): Expression => {
  const names: Record<string, string> = {}
  const values: Record<string, unknown> = {}
  const nameOf = new Map<string, string>()
  let valueCount = 0
  const name = (attr: string) => {
    let placeholder = nameOf.get(attr)
    if (!placeholder) {
      placeholder = `#c${nameOf.size}`
      nameOf.set(attr, placeholder)
      names[placeholder] = attr
    }
    return placeholder
  }
  const value = (v: unknown) => {
    const placeholder = `:c${valueCount++}`
    values[placeholder] = v
    return placeholder
  }
  const render = (c: RawCondition): string => {
    if ('or' in c) return `(${c.or.map(render).join(' OR ')})`
    if ('and' in c) return `(${c.and.map(render).join(' AND ')})`
    if ('exists' in c)
      return c.exists ? `attribute_exists(${name(c.attr)})` : `attribute_not_exists(${name(c.attr)})`
    if ('eq' in c) return `${name(c.attr)} = ${value(c.eq)}`
    if ('lt' in c) return `${name(c.attr)} < ${value(c.lt)}`
    if ('in' in c) return `${name(c.attr)} IN (${c.in.map(value).join(', ')})`
    return `${name(c.attr)} <= ${value(c.lte)}`
  }
  const ConditionExpression = render(condition)
  return valueCount === 0
    ? { ConditionExpression, ExpressionAttributeNames: names }
    : { ConditionExpression, ExpressionAttributeNames: names, ExpressionAttributeValues: values }
}

/**
 * The item dynamodb-toolbox would store for `item`, built without its parser (which costs tens of
 * microseconds per item on the hot path): the attributes as given, the entity attribute, the timestamps
 * when the entity keeps them, and the primary key (`computeKey`, or `PK`/`SK` among the attributes).
 * For entities whose schema has no defaults, links, renamed (`savedAs`) or transformed attributes:
 * `item` must already be valid, undefined optional attributes are left out by the document client
 * (`removeUndefinedValues`), and nested maps must hold only their schema's attributes.
 * `raw-write.int.test.ts` checks each entity that uses it against toolbox's own output.
 */
export const storedItem = <E extends Entity>(entity: E, item: PutItemInput<E>): Record<string, unknown> => {
  const stored: Record<string, unknown> = { ...(item as Record<string, unknown>) }
  if (entity.entityAttribute !== false) {
    if (entity.entityAttribute !== true) throw new Error(`${entity.entityName}: custom entity attribute`)
    stored[entity.table.entityAttributeSavedAs] = entity.entityName
  }
  if (entity.timestamps !== false) {
    if (entity.timestamps !== true) throw new Error(`${entity.entityName}: custom timestamps`)
    stored._ct = new Date().toISOString()
    stored._md = new Date().toISOString()
  }
  if (entity.computeKey) Object.assign(stored, entity.computeKey(item as never))
  return stored
}

/** A `PutTransaction` whose DynamoDB input is built already: `executeTransactWrite` takes it as is. */
class PreparedPut<E extends Entity> extends PutTransaction<E> {
  readonly #prepared: ReturnType<PutTransaction<E>['params']>
  constructor(entity: E, prepared: ReturnType<PutTransaction<E>['params']>) {
    super(entity)
    this.#prepared = prepared
  }
  override params() {
    return this.#prepared
  }
}

/**
 * The put of `item` in a transaction, as `entity.build(PutTransaction).item(item).options({ condition })`
 * stores it, without toolbox's parsing (see {@link storedItem}).
 */
export const rawPutTransaction = <E extends Entity>(
  entity: E,
  item: PutItemInput<E>,
  condition?: RawCondition,
): PutTransaction<E> =>
  new PreparedPut(entity, {
    ToolboxItem: item as ReturnType<PutTransaction<E>['params']>['ToolboxItem'],
    Put: {
      TableName: entity.table.getName(),
      Item: storedItem(entity, item),
      ...(condition ? conditionExpression(condition) : {}),
    },
  })

/** An `UpdateTransaction` whose DynamoDB input is built already: `executeTransactWrite` takes it as is. */
class PreparedUpdate<E extends Entity> extends UpdateTransaction<E> {
  readonly #prepared: ReturnType<UpdateTransaction<E>['params']>
  constructor(entity: E, prepared: ReturnType<UpdateTransaction<E>['params']>) {
    super(entity)
    this.#prepared = prepared
  }
  override params() {
    return this.#prepared
  }
}

/** What an update of one item sets and removes (see {@link rawUpdateTransaction}). */
export interface RawUpdate {
  set: Record<string, unknown>
  remove?: readonly string[]
}

/** The DynamoDB input of an update as toolbox writes it (see {@link rawUpdateTransaction}). */
const updateInput = <E extends Entity>(
  entity: E,
  key: Record<string, string | number>,
  update: RawUpdate,
  condition?: RawCondition,
) => {
  const condExpr = condition ? conditionExpression(condition) : undefined
  const names: Record<string, string> = { ...condExpr?.ExpressionAttributeNames }
  const values: Record<string, unknown> = { ...condExpr?.ExpressionAttributeValues }
  const sets: string[] = []
  let n = 0
  const put = (attr: string, value: unknown, ifNotExists = false) => {
    const name = `#u${n}`
    const placeholder = `:u${n++}`
    names[name] = attr
    values[placeholder] = value
    sets.push(ifNotExists ? `${name} = if_not_exists(${name}, ${placeholder})` : `${name} = ${placeholder}`)
  }
  for (const [attr, value] of Object.entries({ ...key, ...update.set }))
    if (value !== undefined) put(attr, value)
  if (entity.entityAttribute !== false) {
    if (entity.entityAttribute !== true) throw new Error(`${entity.entityName}: custom entity attribute`)
    put(entity.table.entityAttributeSavedAs, entity.entityName, true)
  }
  if (entity.timestamps !== false) {
    if (entity.timestamps !== true) throw new Error(`${entity.entityName}: custom timestamps`)
    const now = new Date().toISOString()
    put('_ct', now, true)
    put('_md', now)
  }
  const removes = (update.remove ?? []).map((attr) => {
    const name = `#r${n++}`
    names[name] = attr
    return name
  })
  return {
    TableName: entity.table.getName(),
    Key: keyOf(entity, key),
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ...(condExpr ? { ConditionExpression: condExpr.ConditionExpression } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  }
}

/** The primary key of an item of `entity` (its `computeKey` applied to the key attributes). */
export const keyOf = (entity: Entity, key: Record<string, string | number>): Record<string, string> => {
  if (!entity.computeKey) throw new Error(`${entity.entityName}: raw commands need computeKey`)
  return entity.computeKey(key as never) as Record<string, string>
}

/**
 * The update of one item in a transaction, as `entity.build(UpdateTransaction)` writes it without
 * toolbox's parsing: every attribute of `set` is replaced whole (what toolbox's `$set` does; keys
 * included, as toolbox sets them too), every attribute of `remove` removed, the entity attribute and
 * creation time set if absent and the modification time set, when the entity keeps them. Undefined
 * values are left out, as toolbox leaves them out. The caller's types are the entity's attribute
 * names and values (`key` as `computeKey` takes it).
 */
export const rawUpdateTransaction = <E extends Entity>(
  entity: E,
  key: Record<string, string | number>,
  update: RawUpdate,
  condition?: RawCondition,
): UpdateTransaction<E> =>
  new PreparedUpdate(entity, {
    ToolboxItem: undefined as unknown as ReturnType<UpdateTransaction<E>['params']>['ToolboxItem'],
    Update: updateInput(entity, key, update, condition),
  })

/**
 * The same update as {@link rawUpdateTransaction}, sent on its own (as `entity.build(UpdateItemCommand)`
 * sends it); with `returnAllNew`, the item as it stands after the update, unformatted: the caller
 * validates what it reads of it (`raw-read.ts`).
 */
export const rawUpdateItem = async <E extends Entity>(
  entity: E,
  key: Record<string, string | number>,
  update: RawUpdate,
  options: { condition?: RawCondition; returnAllNew?: boolean } = {},
): Promise<Record<string, unknown> | undefined> => {
  const { Attributes } = await entity.table.getDocumentClient().send(
    new UpdateCommand({
      ...updateInput(entity, key, update, options.condition),
      ...(options.returnAllNew ? { ReturnValues: 'ALL_NEW' as const } : {}),
    }),
  )
  return Attributes
}

/** The put of `item` on its own, as `entity.build(PutItemCommand).item(item).options({ condition })` sends it. */
export const rawPutItem = async <E extends Entity>(
  entity: E,
  item: PutItemInput<E>,
  condition?: RawCondition,
): Promise<void> => {
  await entity.table.getDocumentClient().send(
    new PutCommand({
      TableName: entity.table.getName(),
      Item: storedItem(entity, item),
      ...(condition ? conditionExpression(condition) : {}),
    }),
  )
}

/** A `ConditionCheck` whose DynamoDB input is built already: `executeTransactWrite` takes it as is. */
class PreparedCheck<E extends Entity> extends ConditionCheck<E> {
  readonly #prepared: ReturnType<ConditionCheck<E>['params']>
  constructor(entity: E, prepared: ReturnType<ConditionCheck<E>['params']>) {
    super(entity)
    this.#prepared = prepared
  }
  override params() {
    return this.#prepared
  }
}

/** A condition check of one item in a transaction, as `entity.build(ConditionCheck)` builds it. */
export const rawConditionCheck = <E extends Entity>(
  entity: E,
  key: Record<string, string | number>,
  condition: RawCondition,
): ConditionCheck<E> =>
  new PreparedCheck(entity, {
    ConditionCheck: {
      TableName: entity.table.getName(),
      Key: keyOf(entity, key),
      ...conditionExpression(condition),
    },
  })
