import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { conditionalCheckFailed, validation } from './errors.ts'
import { Evaluator } from './expressions/evaluate.ts'
import { parseCondition, parseUpdate } from './expressions/parse.ts'
import { project } from './expressions/project.ts'
import { Scope } from './expressions/scope.ts'
import { applyUpdate } from './expressions/update.ts'
import { keyOfRequest, type Row, rowOf, type TableDefinition } from './schema.ts'
import type { Storage } from './storage.ts'
import { checkItem, type Item, itemSize, MAX_ITEM_BYTES } from './values.ts'

/** The request fields shared by Put, Update, Delete and ConditionCheck (and their transaction forms). */
export interface WriteInput {
  TableName?: string
  Key?: Item
  Item?: Item
  ConditionExpression?: string
  UpdateExpression?: string
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Item
  ReturnValues?: string
  ReturnValuesOnConditionCheckFailure?: string
  Expected?: unknown
  AttributeUpdates?: unknown
  ConditionalOperator?: unknown
}

export type WriteKind = 'put' | 'update' | 'delete' | 'check'

/** One checked write, not applied yet: a transaction checks all before it applies any. */
export interface WritePlan {
  table: TableDefinition
  pk: Uint8Array
  sk: Uint8Array
  old: Item | undefined
  /** The item after the write; undefined deletes it; absent (check) leaves it alone. */
  next?: Item | undefined
  row?: Row
  attributes?: Item
  /** Set when the condition did not hold: the failure to throw or report. */
  failed?: ReturnType<typeof conditionalCheckFailed>
}

const RETURN_VALUES: Record<WriteKind, string[]> = {
  put: ['NONE', 'ALL_OLD'],
  delete: ['NONE', 'ALL_OLD'],
  update: ['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW'],
  check: ['NONE'],
}

const checkSize = (item: Item, kind: WriteKind) => {
  if (itemSize(item) > MAX_ITEM_BYTES)
    throw validation(
      kind === 'update'
        ? 'Item size to update has exceeded the maximum allowed size'
        : 'Item size has exceeded the maximum allowed size',
    )
}

/**
 * Validates one write as DynamoDB does, reads the item it touches and evaluates its condition.
 * A failed condition is recorded on the plan (with the old item when asked for), not thrown.
 */
export const planWrite = (
  storage: Storage,
  table: TableDefinition,
  kind: WriteKind,
  input: WriteInput,
): WritePlan => {
  if (
    input.Expected !== undefined ||
    input.AttributeUpdates !== undefined ||
    input.ConditionalOperator !== undefined
  )
    throw validation(
      'the embedded store supports expressions only (not Expected, AttributeUpdates or ConditionalOperator)',
    )
  const returnValues = input.ReturnValues ?? 'NONE'
  if (!RETURN_VALUES[kind].includes(returnValues))
    throw validation(`ReturnValues can only be ${RETURN_VALUES[kind].join(' or ')} for this operation`)
  const onFailure = input.ReturnValuesOnConditionCheckFailure ?? 'NONE'
  if (!['NONE', 'ALL_OLD'].includes(onFailure))
    throw validation('ReturnValuesOnConditionCheckFailure can only be ALL_OLD or NONE')
  if (kind !== 'update' && input.UpdateExpression !== undefined)
    throw validation('UpdateExpression is not allowed here')
  if (kind === 'check' && input.ConditionExpression === undefined)
    throw validation('ConditionExpression is required in a ConditionCheck')
  if (!input.ConditionExpression && !input.UpdateExpression) {
    if (input.ExpressionAttributeNames !== undefined)
      throw validation('ExpressionAttributeNames can only be specified when using expressions')
    if (input.ExpressionAttributeValues !== undefined)
      throw validation('ExpressionAttributeValues can only be specified when using expressions')
  }
  const scope = new Scope(input.ExpressionAttributeNames, input.ExpressionAttributeValues)
  const condition = input.ConditionExpression
    ? scope.use(parseCondition(input.ConditionExpression, 'ConditionExpression'))
    : undefined
  const update =
    kind === 'update'
      ? input.UpdateExpression
        ? scope.use(parseUpdate(input.UpdateExpression))
        : undefined
      : undefined
  scope.finish()

  let item: Item | undefined
  let pk: Uint8Array
  let sk: Uint8Array
  let row: Row | undefined
  if (kind === 'put') {
    if (!input.Item) throw validation('Item is required')
    item = checkItem(input.Item)
    checkSize(item, kind)
    row = rowOf(table, item)
    pk = row.pk
    sk = row.sk
  } else ({ pk, sk } = keyOfRequest(table, input.Key))
  const old = storage.get(table, pk, sk)

  const plan: WritePlan = { table, pk, sk, old }
  if (condition && !new Evaluator(scope, 'ConditionExpression').test(condition, old ?? {})) {
    plan.failed = conditionalCheckFailed(onFailure === 'ALL_OLD' ? old : undefined)
    return plan
  }
  if (kind === 'check') return plan
  if (kind === 'delete') {
    plan.next = undefined
    if (returnValues === 'ALL_OLD' && old) plan.attributes = old
    return plan
  }
  if (kind === 'update') {
    const keyNames = [table.key.hash, ...(table.key.range ? [table.key.range] : [])]
    const base: Item = old ?? checkItem(input.Key as Item)
    const result = update ? applyUpdate(base, update, scope, keyNames) : { item: base, paths: [] }
    item = result.item
    checkSize(item, kind)
    row = rowOf(table, item)
    if (returnValues === 'ALL_NEW') plan.attributes = item
    else if (returnValues === 'ALL_OLD' && old) plan.attributes = old
    else if (returnValues === 'UPDATED_NEW') plan.attributes = project(item, result.paths)
    else if (returnValues === 'UPDATED_OLD' && old) plan.attributes = project(old, result.paths)
  } else if (returnValues === 'ALL_OLD' && old) plan.attributes = old
  plan.next = item
  if (row) plan.row = row
  return plan
}

/** Applies a checked plan (inside the caller's transaction when there is one). */
export const applyPlan = (storage: Storage, plan: WritePlan): void => {
  if (!('next' in plan)) return
  if (plan.next === undefined) storage.delete(plan.table, plan.pk, plan.sk)
  else storage.put(plan.table, plan.row as Row, plan.next)
}

export const attributesOutput = (plan: WritePlan): { Attributes?: Record<string, AttributeValue> } =>
  plan.attributes && Object.keys(plan.attributes).length > 0 ? { Attributes: plan.attributes } : {}
