import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { validation } from '../errors.ts'
import {
  compareBytes,
  compareScalars,
  type Item,
  typeOf,
  VALUE_TYPES,
  type ValueType,
  valuesEqual,
} from '../values.ts'
import type { Condition, Operand } from './ast.ts'
import { type Scope, valueAt } from './scope.ts'
import type { ExpressionKind } from './tokens.ts'

const ORDERED = new Set<ValueType>(['S', 'N', 'B'])

const operandType = (
  kind: ExpressionKind,
  operator: string,
  value: AttributeValue,
  allowed: Set<ValueType>,
) => {
  const type = typeOf(value)
  if (!allowed.has(type))
    throw validation(
      `Invalid ${kind}: Incorrect operand type for operator or function; operator or function: ${operator}, operand type: ${type}`,
    )
}

const sizeOf = (value: AttributeValue): number | undefined => {
  switch (typeOf(value)) {
    case 'S':
      return [...(value.S as string)].length
    case 'B':
      return (value.B as Uint8Array).byteLength
    case 'SS':
      return (value.SS as string[]).length
    case 'NS':
      return (value.NS as string[]).length
    case 'BS':
      return (value.BS as Uint8Array[]).length
    case 'L':
      return (value.L as AttributeValue[]).length
    case 'M':
      return Object.keys(value.M as Item).length
    default:
      return undefined
  }
}

/** Evaluates conditions, key conditions and filters against one item. */
export class Evaluator {
  constructor(
    private readonly scope: Scope,
    private readonly kind: ExpressionKind,
  ) {}

  operand(
    operand: Operand,
    item: Item,
    operator: string,
    allowed?: Set<ValueType>,
  ): AttributeValue | undefined {
    switch (operand.kind) {
      case 'value': {
        const value = this.scope.value(operand.ref)
        if (allowed) operandType(this.kind, operator, value, allowed)
        return value
      }
      case 'path':
        return valueAt(item, this.scope.resolve(operand.path))
      case 'size': {
        const value = valueAt(item, this.scope.resolve(operand.path))
        const size = value === undefined ? undefined : sizeOf(value)
        return size === undefined ? undefined : { N: String(size) }
      }
      default:
        throw validation(`Invalid ${this.kind}: The function is not allowed in a ${this.kind}`)
    }
  }

  test(condition: Condition, item: Item): boolean {
    switch (condition.kind) {
      case 'and':
        return this.test(condition.left, item) && this.test(condition.right, item)
      case 'or':
        return this.test(condition.left, item) || this.test(condition.right, item)
      case 'not':
        return !this.test(condition.operand, item)
      case 'compare': {
        const ordered = condition.op === '=' || condition.op === '<>' ? undefined : ORDERED
        const left = this.operand(condition.left, item, condition.op, ordered)
        const right = this.operand(condition.right, item, condition.op, ordered)
        if (condition.op === '=') return left !== undefined && right !== undefined && valuesEqual(left, right)
        if (condition.op === '<>')
          return !(left !== undefined && right !== undefined && valuesEqual(left, right))
        const order = left === undefined || right === undefined ? undefined : compareScalars(left, right)
        if (order === undefined) return false
        if (condition.op === '<') return order < 0
        if (condition.op === '<=') return order <= 0
        if (condition.op === '>') return order > 0
        return order >= 0
      }
      case 'between': {
        const value = this.operand(condition.operand, item, 'BETWEEN', ORDERED)
        const low = this.operand(condition.low, item, 'BETWEEN', ORDERED)
        const high = this.operand(condition.high, item, 'BETWEEN', ORDERED)
        if (low === undefined || high === undefined) return false
        const bounds = compareScalars(low, high)
        if (
          bounds !== undefined &&
          bounds > 0 &&
          condition.low.kind === 'value' &&
          condition.high.kind === 'value'
        )
          throw validation(
            `Invalid ${this.kind}: The BETWEEN operator requires upper bound to be greater than or equal to lower bound`,
          )
        if (value === undefined) return false
        const fromLow = compareScalars(value, low)
        const toHigh = compareScalars(value, high)
        return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0
      }
      case 'in': {
        const value = this.operand(condition.operand, item, 'IN')
        return (
          value !== undefined &&
          condition.list.some((o) => {
            const candidate = this.operand(o, item, 'IN')
            return candidate !== undefined && valuesEqual(value, candidate)
          })
        )
      }
      case 'function':
        return this.call(condition.name, condition.args, item)
    }
  }

  private call(name: string, args: Operand[], item: Item): boolean {
    const [first, second] = args as [Operand, Operand | undefined]
    const target = this.operand(first, item, name)
    switch (name) {
      case 'attribute_exists':
        return target !== undefined
      case 'attribute_not_exists':
        return target === undefined
      case 'attribute_type': {
        const type = this.operand(second as Operand, item, name, new Set(['S']))
        if (type?.S === undefined || !VALUE_TYPES.includes(type.S as ValueType))
          throw validation(
            `Invalid ${this.kind}: Invalid attribute type name found; type: ${type?.S}, valid types: { ${VALUE_TYPES.join(',')} }`,
          )
        return target !== undefined && typeOf(target) === type.S
      }
      case 'begins_with': {
        const prefix = this.operand(second as Operand, item, name, new Set(['S', 'B']))
        if (target === undefined || prefix === undefined) return false
        if (target.S !== undefined && prefix.S !== undefined) return target.S.startsWith(prefix.S)
        if (target.B !== undefined && prefix.B !== undefined)
          return (
            target.B.byteLength >= prefix.B.byteLength &&
            compareBytes(target.B.subarray(0, prefix.B.byteLength), prefix.B) === 0
          )
        return false
      }
      default: {
        const needle = this.operand(second as Operand, item, name)
        if (target === undefined || needle === undefined) return false
        if (target.S !== undefined) return needle.S !== undefined && target.S.includes(needle.S)
        if (target.SS !== undefined) return needle.S !== undefined && target.SS.includes(needle.S)
        if (target.NS !== undefined)
          return needle.N !== undefined && target.NS.some((n) => valuesEqual({ N: n }, needle))
        if (target.BS !== undefined)
          return needle.B !== undefined && target.BS.some((b) => valuesEqual({ B: b }, needle))
        if (target.L !== undefined) return target.L.some((v) => valuesEqual(v, needle))
        return false
      }
    }
  }
}
