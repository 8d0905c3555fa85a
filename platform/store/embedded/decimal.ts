import { validation } from './errors.ts'

/** A DynamoDB number: `coefficient × 10^exponent`, coefficient without trailing zeros (zero is 0n, 0). */
export interface Decimal {
  negative: boolean
  coefficient: bigint
  exponent: number
}

const MAX_DIGITS = 38
const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

const normalize = (negative: boolean, coefficient: bigint, exponent: number): Decimal => {
  if (coefficient === 0n) return { negative: false, coefficient: 0n, exponent: 0 }
  let c = coefficient
  let e = exponent
  while (c % 10n === 0n) {
    c /= 10n
    e += 1
  }
  return { negative, coefficient: c, exponent: e }
}

/** Digits of the coefficient and the scientific exponent (value = d.ddd × 10^scientific). */
export const digitsOf = (d: Decimal) => {
  const digits = d.coefficient.toString()
  return { digits, scientific: d.exponent + digits.length - 1 }
}

/** Checks DynamoDB's limits: 38 significant digits, magnitude between 1E-130 and 9.99…E+125. */
const checked = (d: Decimal): Decimal => {
  if (d.coefficient === 0n) return d
  const { digits, scientific } = digitsOf(d)
  if (digits.length > MAX_DIGITS)
    throw validation('Attempting to store more than 38 significant digits in a Number')
  if (scientific > 125)
    throw validation(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    )
  if (scientific < -130)
    throw validation(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    )
  return d
}

/** Parses a DynamoDB `N` string; invalid text is a ValidationException as on DynamoDB. */
export const parseDecimal = (text: string): Decimal => {
  const match = NUMBER.exec(text.trim())
  const [, sign, whole = '', fraction = '', exp] = match ?? []
  if (!match || (whole === '' && fraction === ''))
    throw validation('The parameter cannot be converted to a numeric value')
  const coefficient = BigInt(`${whole}${fraction}` || '0')
  return checked(normalize(sign === '-', coefficient, Number(exp ?? 0) - fraction.length))
}

/** The canonical text of a number (no exponent, no trailing zeros), as DynamoDB returns it. */
export const formatDecimal = (d: Decimal): string => {
  if (d.coefficient === 0n) return '0'
  const digits = d.coefficient.toString()
  const sign = d.negative ? '-' : ''
  if (d.exponent >= 0) return `${sign}${digits}${'0'.repeat(d.exponent)}`
  const point = digits.length + d.exponent
  return point > 0
    ? `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
    : `${sign}0.${'0'.repeat(-point)}${digits}`
}

const signed = (d: Decimal, exponent: number) =>
  (d.negative ? -1n : 1n) * d.coefficient * 10n ** BigInt(d.exponent - exponent)

export const compareDecimal = (a: Decimal, b: Decimal): number => {
  const exponent = Math.min(a.exponent, b.exponent)
  const x = signed(a, exponent)
  const y = signed(b, exponent)
  return x < y ? -1 : x > y ? 1 : 0
}

export const addDecimal = (a: Decimal, b: Decimal): Decimal => {
  const exponent = Math.min(a.exponent, b.exponent)
  const sum = signed(a, exponent) + signed(b, exponent)
  return checked(normalize(sum < 0n, sum < 0n ? -sum : sum, exponent))
}

export const negateDecimal = (d: Decimal): Decimal =>
  d.coefficient === 0n ? d : { ...d, negative: !d.negative }

/** Approximate stored size of a number, as DynamoDB bills it: one byte per two significant digits, plus one. */
export const decimalSize = (d: Decimal): number => Math.ceil(digitsOf(d).digits.length / 2) + 1

/**
 * Bytes whose unsigned order is the numeric order (for number key attributes): a sign byte, the
 * exponent, then the digits; negative numbers invert exponent and digits and end with 0xff.
 */
export const decimalSortKey = (d: Decimal): Uint8Array => {
  if (d.coefficient === 0n) return Uint8Array.of(0x01)
  const { digits, scientific } = digitsOf(d)
  const bytes = new Uint8Array(digits.length + (d.negative ? 3 : 2))
  bytes[0] = d.negative ? 0x00 : 0x02
  bytes[1] = d.negative ? 255 - (scientific + 130) : scientific + 130
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(i) - 48
    bytes[i + 2] = d.negative ? 0x3a - digit : 0x30 + digit
  }
  if (d.negative) bytes[bytes.length - 1] = 0xff
  return bytes
}
