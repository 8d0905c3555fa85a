import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { compareDecimal, decimalSize, formatDecimal, parseDecimal } from './decimal.ts'
import { validation } from './errors.ts'

/** An item or key as DynamoDB stores it: attribute name → typed value. */
export type Item = Record<string, AttributeValue>
export type ValueType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'L' | 'M' | 'SS' | 'NS' | 'BS'

export const VALUE_TYPES: readonly ValueType[] = ['S', 'N', 'B', 'BOOL', 'NULL', 'L', 'M', 'SS', 'NS', 'BS']

/** The type tag of a value (exactly one member is set on a valid value). */
export const typeOf = (value: AttributeValue): ValueType => {
  for (const key in value)
    if ((value as unknown as Record<string, unknown>)[key] !== undefined) return key as ValueType
  throw validation('Supplied AttributeValue is empty, must contain exactly one of the supported datatypes')
}

const utf8 = new TextEncoder()
export const utf8Length = (text: string): number => {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4
      i++
    } else bytes += 3
  }
  return bytes
}
export const utf8Bytes = (text: string): Uint8Array => utf8.encode(text)

export const compareBytes = (a: Uint8Array, b: Uint8Array): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number)
  return a.length - b.length
}

/** DynamoDB's string order: the bytes of their UTF-8 encoding (not UTF-16 code units). */
export const compareStrings = (a: string, b: string): number => {
  if (a === b) return 0
  return compareBytes(utf8Bytes(a), utf8Bytes(b))
}

/** Order of two scalars of the same type (S, N or B); undefined when they cannot be ordered. */
export const compareScalars = (a: AttributeValue, b: AttributeValue): number | undefined => {
  if (a.S !== undefined && b.S !== undefined) return compareStrings(a.S, b.S)
  if (a.N !== undefined && b.N !== undefined) return compareDecimal(parseDecimal(a.N), parseDecimal(b.N))
  if (a.B !== undefined && b.B !== undefined) return compareBytes(a.B, b.B)
  return undefined
}

const sameMembers = <T>(a: T[], b: T[], equal: (x: T, y: T) => boolean) =>
  a.length === b.length && a.every((x) => b.some((y) => equal(x, y)))

const numbersEqual = (a: string, b: string) => compareDecimal(parseDecimal(a), parseDecimal(b)) === 0
const bytesEqual = (a: Uint8Array, b: Uint8Array) => compareBytes(a, b) === 0

/** DynamoDB equality: same type and same value (sets regardless of order, numbers numerically). */
export const valuesEqual = (a: AttributeValue, b: AttributeValue): boolean => {
  const type = typeOf(a)
  if (type !== typeOf(b)) return false
  switch (type) {
    case 'S':
      return a.S === b.S
    case 'N':
      return numbersEqual(a.N as string, b.N as string)
    case 'B':
      return bytesEqual(a.B as Uint8Array, b.B as Uint8Array)
    case 'BOOL':
      return a.BOOL === b.BOOL
    case 'NULL':
      return true
    case 'SS':
      return sameMembers(a.SS as string[], b.SS as string[], (x, y) => x === y)
    case 'NS':
      return sameMembers(a.NS as string[], b.NS as string[], numbersEqual)
    case 'BS':
      return sameMembers(a.BS as Uint8Array[], b.BS as Uint8Array[], bytesEqual)
    case 'L': {
      const x = a.L as AttributeValue[]
      const y = b.L as AttributeValue[]
      return x.length === y.length && x.every((v, i) => valuesEqual(v, y[i] as AttributeValue))
    }
    case 'M': {
      const x = a.M as Item
      const y = b.M as Item
      const keys = Object.keys(x)
      return (
        keys.length === Object.keys(y).length &&
        keys.every((k) => k in y && valuesEqual(x[k] as AttributeValue, y[k] as AttributeValue))
      )
    }
  }
}

const noDuplicates = <T>(members: T[], key: (m: T) => string, type: string) => {
  if (members.length === 0)
    throw validation(`One or more parameter values were invalid: An ${type} may not be empty`)
  if (new Set(members.map(key)).size !== members.length)
    throw validation('One or more parameter values were invalid: Input collection contains duplicates')
}

const hex = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')

/**
 * Checks a value as DynamoDB does on input and returns it with numbers in canonical form: exactly one
 * type, valid numbers, non-empty sets without duplicates.
 */
export const checkValue = (value: AttributeValue): AttributeValue => {
  const type = typeOf(value)
  const members = Object.values(value).filter((v) => v !== undefined)
  if (members.length !== 1)
    throw validation(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    )
  switch (type) {
    case 'N':
      return { N: formatDecimal(parseDecimal(value.N as string)) }
    case 'NS': {
      const ns = (value.NS as string[]).map((n) => formatDecimal(parseDecimal(n)))
      noDuplicates(ns, (n) => n, 'number set ')
      return { NS: ns }
    }
    case 'SS':
      noDuplicates(value.SS as string[], (s) => s, 'string set ')
      return value
    case 'BS':
      noDuplicates(value.BS as Uint8Array[], hex, 'binary set ')
      return value
    case 'L':
      return { L: (value.L as AttributeValue[]).map(checkValue) }
    case 'M':
      return { M: checkItem(value.M as Item) }
    case 'NULL':
      if (value.NULL !== true)
        throw validation(
          'One or more parameter values were invalid: Null attribute value types must have the value of true',
        )
      return value
    default:
      return value
  }
}

export const checkItem = (item: Item): Item => {
  const checked: Item = {}
  for (const name in item) {
    const value = item[name]
    if (value !== undefined) checked[name] = checkValue(value)
  }
  return checked
}

const valueSize = (value: AttributeValue): number => {
  switch (typeOf(value)) {
    case 'S':
      return utf8Length(value.S as string)
    case 'N':
      return decimalSize(parseDecimal(value.N as string))
    case 'B':
      return (value.B as Uint8Array).byteLength
    case 'BOOL':
    case 'NULL':
      return 1
    case 'SS':
      return (value.SS as string[]).reduce((sum, s) => sum + utf8Length(s), 0)
    case 'NS':
      return (value.NS as string[]).reduce((sum, n) => sum + decimalSize(parseDecimal(n)), 0)
    case 'BS':
      return (value.BS as Uint8Array[]).reduce((sum, b) => sum + b.byteLength, 0)
    case 'L':
      return 3 + (value.L as AttributeValue[]).reduce((sum, v) => sum + 1 + valueSize(v), 0)
    case 'M':
      return 3 + itemSize(value.M as Item, 1)
  }
}

/** An item's size as DynamoDB counts it against the 400 KB limit: names plus values. */
export const itemSize = (item: Item, perEntry = 0): number => {
  let size = 0
  for (const name in item) {
    const value = item[name]
    if (value !== undefined) size += utf8Length(name) + valueSize(value) + perEntry
  }
  return size
}

export const MAX_ITEM_BYTES = 400 * 1024
