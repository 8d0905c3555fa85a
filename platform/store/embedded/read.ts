import { validation } from './errors.ts'
import type { Condition, Operand, Path } from './expressions/ast.ts'
import { Evaluator } from './expressions/evaluate.ts'
import { parseCondition, parseProjection } from './expressions/parse.ts'
import { project } from './expressions/project.ts'
import { type ResolvedPath, Scope } from './expressions/scope.ts'
import { keyRange } from './key-condition.ts'
import { checkKeyValue, type IndexDefinition, keyAttributes, type TableDefinition } from './schema.ts'
import type { Storage } from './storage.ts'
import { type Item, itemSize } from './values.ts'

/** The fields of Query and Scan the engine reads. */
export interface ReadInput {
  TableName?: string
  IndexName?: string
  KeyConditionExpression?: string
  FilterExpression?: string
  ProjectionExpression?: string
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Item
  Limit?: number
  ExclusiveStartKey?: Item
  ScanIndexForward?: boolean
  Select?: string
  ConsistentRead?: boolean
  Segment?: number
  TotalSegments?: number
  KeyConditions?: unknown
  QueryFilter?: unknown
  ScanFilter?: unknown
  AttributesToGet?: unknown
  ConditionalOperator?: unknown
}

/** DynamoDB stops a page after reading 1 MB. */
const PAGE_BYTES = 1024 * 1024

const operandPaths = (operand: Operand): Path[] => {
  switch (operand.kind) {
    case 'path':
    case 'size':
      return [operand.path]
    default:
      return []
  }
}

const conditionPaths = (condition: Condition): Path[] => {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return [...conditionPaths(condition.left), ...conditionPaths(condition.right)]
    case 'not':
      return conditionPaths(condition.operand)
    case 'compare':
      return [...operandPaths(condition.left), ...operandPaths(condition.right)]
    case 'between':
      return [condition.operand, condition.low, condition.high].flatMap(operandPaths)
    case 'in':
      return [condition.operand, ...condition.list].flatMap(operandPaths)
    case 'function':
      return condition.args.flatMap(operandPaths)
  }
}

const indexOf = (
  table: TableDefinition,
  name: string | undefined,
): { index?: IndexDefinition; position?: number } => {
  if (name === undefined) return {}
  const position = table.indexes.findIndex((i) => i.name === name)
  if (position < 0) throw validation(`The table does not have the specified index: ${name}`)
  return { index: table.indexes[position] as IndexDefinition, position }
}

/** The stored position after ExclusiveStartKey: the table's key, plus the index key on an index. */
const startAfter = (
  table: TableDefinition,
  index: IndexDefinition | undefined,
  start: Item,
  query: boolean,
) => {
  const expected = Object.keys(keyAttributes(table, start, index))
  const names = [table.key.hash, table.key.range, index?.key.hash, index?.key.range].filter(
    Boolean,
  ) as string[]
  if (Object.keys(start).length !== new Set(names).size || expected.length !== new Set(names).size)
    throw validation(
      'The provided starting key is invalid: The provided key element does not match the schema',
    )
  const bytes = (name: string | undefined, role: 'hash' | 'range') =>
    name ? checkKeyValue(table, name, start[name], role) : new Uint8Array(0)
  const pk = bytes(table.key.hash, 'hash')
  const sk = bytes(table.key.range, 'range')
  if (!index) return query ? [sk] : [pk, sk]
  const gsk = bytes(index.key.range, 'range')
  return query ? [gsk, pk, sk] : [bytes(index.key.hash, 'hash'), gsk, pk, sk]
}

/** Query (with `KeyConditionExpression`) or Scan: pages of at most `Limit` items read and 1 MB. */
export const read = (storage: Storage, table: TableDefinition, input: ReadInput, kind: 'query' | 'scan') => {
  for (const legacy of [
    'KeyConditions',
    'QueryFilter',
    'ScanFilter',
    'AttributesToGet',
    'ConditionalOperator',
  ] as const)
    if (input[legacy] !== undefined)
      throw validation(`the embedded store supports expressions only (not ${legacy})`)
  if (input.Segment !== undefined || input.TotalSegments !== undefined)
    throw validation('the embedded store does not implement parallel scans (Segment, TotalSegments)')
  const { index, position } = indexOf(table, input.IndexName)
  if (index && input.ConsistentRead)
    throw validation('Consistent reads are not supported on global secondary indexes')
  if (input.Limit !== undefined && (!Number.isInteger(input.Limit) || input.Limit < 1))
    throw validation(
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    )
  const select = input.Select ?? (input.ProjectionExpression ? 'SPECIFIC_ATTRIBUTES' : 'ALL_ATTRIBUTES')
  if (select === 'ALL_PROJECTED_ATTRIBUTES' && !index)
    throw validation('ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName')
  if (input.ProjectionExpression && select !== 'SPECIFIC_ATTRIBUTES')
    throw validation(`Cannot specify the ProjectionExpression when choosing to get ${select}`)
  if (!input.KeyConditionExpression && !input.FilterExpression && !input.ProjectionExpression) {
    if (input.ExpressionAttributeNames !== undefined)
      throw validation('ExpressionAttributeNames can only be specified when using expressions')
    if (input.ExpressionAttributeValues !== undefined)
      throw validation('ExpressionAttributeValues can only be specified when using expressions')
  }

  const scope = new Scope(input.ExpressionAttributeNames, input.ExpressionAttributeValues)
  const key = index?.key ?? table.key
  let range: ReturnType<typeof keyRange> | undefined
  if (kind === 'query') {
    if (!input.KeyConditionExpression)
      throw validation(
        'Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.',
      )
    range = keyRange(
      scope.use(parseCondition(input.KeyConditionExpression, 'KeyConditionExpression')),
      scope,
      table,
      key,
      index?.name,
    )
  }
  const filter = input.FilterExpression
    ? scope.use(parseCondition(input.FilterExpression, 'FilterExpression'))
    : undefined
  if (filter && kind === 'query')
    for (const path of conditionPaths(filter)) {
      const name = scope.element(path[0] as never)
      if (name === key.hash || name === key.range)
        throw validation(
          `Filter Expression can only contain non-primary key attributes: Primary key attribute: ${name}`,
        )
    }
  const projection = input.ProjectionExpression
    ? scope.use(parseProjection(input.ProjectionExpression)).map((p): ResolvedPath => scope.resolve(p))
    : undefined
  scope.finish()

  const after = input.ExclusiveStartKey
    ? startAfter(table, index, input.ExclusiveStartKey, kind === 'query')
    : undefined
  const items =
    kind === 'query' && range
      ? storage.range(table, {
          hash: range.hash,
          forward: input.ScanIndexForward ?? true,
          ...(position !== undefined ? { index: position } : {}),
          ...(range.lower ? { lower: range.lower } : {}),
          ...(range.upper ? { upper: range.upper } : {}),
          ...(after ? { after } : {}),
        })
      : storage.scan(table, position, after)

  const evaluator = filter ? new Evaluator(scope, 'FilterExpression') : undefined
  const found: Item[] = []
  let scanned = 0
  let bytes = 0
  let last: Item | undefined
  let stopped = false
  for (const item of items) {
    const visible = index && index.projection !== 'ALL' ? projectIndex(table, index, item) : item
    scanned++
    bytes += itemSize(visible)
    last = visible
    if (!evaluator || evaluator.test(filter as Condition, visible))
      found.push(projection ? project(visible, projection) : visible)
    if (scanned === input.Limit || bytes >= PAGE_BYTES) {
      stopped = true
      break
    }
  }
  return {
    ...(select === 'COUNT' ? {} : { Items: found }),
    Count: found.length,
    ScannedCount: scanned,
    ...(stopped && last ? { LastEvaluatedKey: keyAttributes(table, last, index) } : {}),
  }
}

const projectIndex = (table: TableDefinition, index: IndexDefinition, item: Item): Item => {
  const names = new Set([
    ...Object.keys(keyAttributes(table, item, index)),
    ...(index.projection === 'INCLUDE' ? index.include : []),
  ])
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name)))
}
