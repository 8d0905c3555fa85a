import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { validation } from './errors.ts'
import type { Condition, Operand } from './expressions/ast.ts'
import type { Scope } from './expressions/scope.ts'
import { checkKeyValue, type KeySchema, type TableDefinition } from './schema.ts'
import type { Bound } from './storage.ts'
import { compareBytes, typeOf } from './values.ts'

const invalid = (message: string) => validation(`Invalid KeyConditionExpression: ${message}`)

const flatten = (condition: Condition): Condition[] =>
  condition.kind === 'and' ? [...flatten(condition.left), ...flatten(condition.right)] : [condition]

/** The smallest byte string greater than every string with this prefix (undefined: none). */
const successor = (prefix: Uint8Array): Uint8Array | undefined => {
  const bytes = Uint8Array.from(prefix)
  for (let i = bytes.length - 1; i >= 0; i--) {
    if ((bytes[i] as number) < 0xff) {
      bytes[i] = (bytes[i] as number) + 1
      return bytes.subarray(0, i + 1)
    }
  }
  return undefined
}

export interface KeyRange {
  hash: Uint8Array
  lower?: Bound
  upper?: Bound
}

/**
 * Turns a KeyConditionExpression into a partition and a sort-key range, with DynamoDB's rules: an
 * equality on the partition key, at most one condition on the sort key, only `= < <= > >= BETWEEN
 * begins_with`, values of the key's type and never empty.
 */
export const keyRange = (
  condition: Condition,
  scope: Scope,
  table: TableDefinition,
  key: KeySchema,
  index?: string,
): KeyRange => {
  const attributeOf = (operand: Operand): string => {
    if (operand.kind !== 'path' || operand.path.length !== 1)
      throw invalid('Query key condition not supported')
    return String(scope.element(operand.path[0] as never))
  }
  const keyValueOf = (operand: Operand, attribute: string): Uint8Array => {
    if (operand.kind !== 'value') throw invalid('Query key condition not supported')
    const value: AttributeValue = scope.value(operand.ref)
    if (typeOf(value) !== table.types[attribute])
      throw validation(
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      )
    return checkKeyValue(table, attribute, value, attribute === key.hash ? 'hash' : 'range', index)
  }
  let hash: Uint8Array | undefined
  const range: Omit<KeyRange, 'hash'> = {}
  let rangeSeen = false
  for (const term of flatten(condition)) {
    if (term.kind === 'or' || term.kind === 'not' || term.kind === 'in')
      throw invalid(`Invalid operator used in KeyConditionExpression: ${term.kind.toUpperCase()}`)
    const attribute = attributeOf(
      term.kind === 'compare'
        ? term.left
        : term.kind === 'between'
          ? term.operand
          : term.kind === 'function'
            ? (term.args[0] as Operand)
            : ({ kind: 'value', ref: '' } as Operand),
    )
    if (attribute !== key.hash && attribute !== key.range)
      throw validation('Query condition missed key schema element')
    if (attribute === key.hash) {
      if (term.kind !== 'compare' || term.op !== '=' || hash)
        throw invalid('Query key condition not supported')
      hash = keyValueOf(term.right, attribute)
      continue
    }
    if (rangeSeen) throw invalid('KeyConditionExpressions must only contain one condition per key')
    rangeSeen = true
    if (term.kind === 'compare') {
      if (term.op === '<>') throw invalid('Invalid operator used in KeyConditionExpression: <>')
      const bytes = keyValueOf(term.right, attribute)
      if (term.op === '=' || term.op === '>' || term.op === '>=')
        range.lower = { bytes, inclusive: term.op !== '>' }
      if (term.op === '=' || term.op === '<' || term.op === '<=')
        range.upper = { bytes, inclusive: term.op !== '<' }
    } else if (term.kind === 'between') {
      const low = keyValueOf(term.low, attribute)
      const high = keyValueOf(term.high, attribute)
      // Key bytes sort as the values do (numbers too), so the bounds compare as bytes.
      if (compareBytes(low, high) > 0)
        throw invalid('The BETWEEN operator requires upper bound to be greater than or equal to lower bound')
      range.lower = { bytes: low, inclusive: true }
      range.upper = { bytes: high, inclusive: true }
    } else if (term.kind === 'function' && term.name === 'begins_with') {
      if (table.types[attribute] === 'N')
        throw invalid(
          'Incorrect operand type for operator or function; operator or function: begins_with, operand type: N',
        )
      const prefix = keyValueOf(term.args[1] as Operand, attribute)
      range.lower = { bytes: prefix, inclusive: true }
      const upper = successor(prefix)
      if (upper) range.upper = { bytes: upper, inclusive: false }
    } else
      throw invalid(
        `Invalid operator used in KeyConditionExpression: ${term.kind === 'function' ? term.name : term.kind}`,
      )
  }
  if (!hash) throw validation(`Query condition missed key schema element: ${key.hash}`)
  return { hash, ...range }
}
