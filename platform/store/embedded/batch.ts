import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb'
import { transactionCanceled, validation } from './errors.ts'
import { parseProjection } from './expressions/parse.ts'
import { project } from './expressions/project.ts'
import { Scope } from './expressions/scope.ts'
import { keyOfRequest, type TableDefinition } from './schema.ts'
import type { Storage } from './storage.ts'
import type { Item } from './values.ts'
import { applyPlan, planWrite, type WriteInput, type WriteKind, type WritePlan } from './write-plan.ts'

type TableOf = (name: string | undefined) => TableDefinition

interface GetInput {
  TableName?: string
  Key?: Item
  ProjectionExpression?: string
  ExpressionAttributeNames?: Record<string, string>
  AttributesToGet?: unknown
}

/** GetItem's read: the item at the key, projected when asked. */
export const getItem = (storage: Storage, table: TableDefinition, input: GetInput): Item | undefined => {
  if (input.AttributesToGet !== undefined)
    throw validation('the embedded store supports expressions only (not AttributesToGet)')
  if (!input.ProjectionExpression && input.ExpressionAttributeNames !== undefined)
    throw validation('ExpressionAttributeNames can only be specified when using expressions')
  const scope = new Scope(input.ExpressionAttributeNames, undefined)
  const paths = input.ProjectionExpression
    ? scope.use(parseProjection(input.ProjectionExpression)).map((p) => scope.resolve(p))
    : undefined
  scope.finish()
  const { pk, sk } = keyOfRequest(table, input.Key)
  const item = storage.get(table, pk, sk)
  return item && paths ? project(item, paths) : item
}

const identity = (table: TableDefinition, pk: Uint8Array, sk: Uint8Array) =>
  `${table.name}\u0000${Buffer.from(pk).toString('base64')}\u0000${Buffer.from(sk).toString('base64')}`

export const batchGet = (
  storage: Storage,
  tableOf: TableOf,
  requests: Record<string, { Keys?: Item[] } & GetInput>,
) => {
  const entries = Object.entries(requests ?? {})
  const total = entries.reduce((n, [, r]) => n + (r.Keys?.length ?? 0), 0)
  if (total === 0) throw validation('1 validation error detected: RequestItems must not be empty')
  if (total > 100) throw validation('Too many items requested for the BatchGetItem call')
  const responses: Record<string, Item[]> = {}
  for (const [name, request] of entries) {
    const table = tableOf(name)
    const seen = new Set<string>()
    responses[name] = []
    for (const key of request.Keys ?? []) {
      const { pk, sk } = keyOfRequest(table, key)
      const id = identity(table, pk, sk)
      if (seen.has(id)) throw validation('Provided list of item keys contains duplicates')
      seen.add(id)
      const item = getItem(storage, table, { ...request, TableName: name, Key: key })
      if (item) responses[name].push(item)
    }
  }
  return { Responses: responses, UnprocessedKeys: {} }
}

type WriteRequest = { PutRequest?: { Item?: Item }; DeleteRequest?: { Key?: Item } }

export const batchWrite = (storage: Storage, tableOf: TableOf, requests: Record<string, WriteRequest[]>) => {
  const entries = Object.entries(requests ?? {})
  const total = entries.reduce((n, [, r]) => n + r.length, 0)
  if (total === 0) throw validation('1 validation error detected: RequestItems must not be empty')
  if (total > 25) throw validation('Too many items requested for the BatchWriteItem call')
  const plans: WritePlan[] = []
  const seen = new Set<string>()
  for (const [name, list] of entries) {
    const table = tableOf(name)
    for (const request of list) {
      if ((request.PutRequest === undefined) === (request.DeleteRequest === undefined))
        throw validation(
          'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
        )
      const plan = request.PutRequest
        ? planWrite(storage, table, 'put', { Item: request.PutRequest.Item as Item })
        : planWrite(storage, table, 'delete', { Key: request.DeleteRequest?.Key as Item })
      const id = identity(table, plan.pk, plan.sk)
      if (seen.has(id)) throw validation('Provided list of item keys contains duplicates')
      seen.add(id)
      plans.push(plan)
    }
  }
  storage.transaction(() => {
    for (const plan of plans) applyPlan(storage, plan)
  })
  return { UnprocessedItems: {} }
}

type TransactAction = {
  ConditionCheck?: WriteInput
  Put?: WriteInput
  Delete?: WriteInput
  Update?: WriteInput
}

const KINDS: [keyof TransactAction, WriteKind][] = [
  ['ConditionCheck', 'check'],
  ['Put', 'put'],
  ['Delete', 'delete'],
  ['Update', 'update'],
]

/** TransactWriteItems: every action is checked first; all apply in one SQLite transaction, or none. */
export const transactWrite = (storage: Storage, tableOf: TableOf, actions: TransactAction[] | undefined) => {
  if (!actions || actions.length === 0)
    throw validation('1 validation error detected: TransactItems must not be empty')
  if (actions.length > 100)
    throw validation(`1 validation error detected: Member must have length less than or equal to 100`)
  const seen = new Set<string>()
  const plans = actions.map((action) => {
    const present = KINDS.filter(([field]) => action[field] !== undefined)
    if (present.length !== 1)
      throw validation('TransactItems can only contain one of Check, Put, Update or Delete')
    const [field, kind] = present[0] as [keyof TransactAction, WriteKind]
    const input = action[field] as WriteInput
    if (kind !== 'update' && kind !== 'check' && input.ReturnValues !== undefined)
      throw validation(
        'ReturnValues is not supported in a transaction; use ReturnValuesOnConditionCheckFailure',
      )
    const plan = planWrite(storage, tableOf(input.TableName), kind, input)
    const id = identity(plan.table, plan.pk, plan.sk)
    if (seen.has(id)) throw validation('Transaction request cannot include multiple operations on one item')
    seen.add(id)
    return plan
  })
  if (plans.some((p) => p.failed)) {
    const reasons: CancellationReason[] = plans.map((plan) =>
      plan.failed
        ? {
            Code: 'ConditionalCheckFailed',
            Message: 'The conditional request failed',
            ...(plan.failed.Item ? { Item: plan.failed.Item as Record<string, AttributeValue> } : {}),
          }
        : { Code: 'None' },
    )
    throw transactionCanceled(reasons)
  }
  storage.transaction(() => {
    for (const plan of plans) applyPlan(storage, plan)
  })
  return {}
}

export const transactGet = (
  storage: Storage,
  tableOf: TableOf,
  actions: { Get?: GetInput }[] | undefined,
) => {
  if (!actions || actions.length === 0)
    throw validation('1 validation error detected: TransactItems must not be empty')
  if (actions.length > 100)
    throw validation('1 validation error detected: Member must have length less than or equal to 100')
  const seen = new Set<string>()
  return {
    Responses: actions.map(({ Get }) => {
      if (!Get) throw validation('TransactItems can only contain Get')
      const table = tableOf(Get.TableName)
      const { pk, sk } = keyOfRequest(table, Get.Key)
      const id = identity(table, pk, sk)
      if (seen.has(id)) throw validation('Transaction request cannot include multiple operations on one item')
      seen.add(id)
      const item = getItem(storage, table, Get)
      return item ? { Item: item } : {}
    }),
  }
}
