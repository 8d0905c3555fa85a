import { describe, expect, it } from 'vitest'
import { addDecimal, compareDecimal, decimalSortKey, formatDecimal, parseDecimal } from './decimal.ts'
import { compareBytes } from './values.ts'

describe('DynamoDB numbers', () => {
  it('parses, normalizes and adds exactly (no binary floating point)', () => {
    expect(formatDecimal(parseDecimal('0.1000'))).toBe('0.1')
    expect(formatDecimal(parseDecimal('1E+3'))).toBe('1000')
    expect(formatDecimal(parseDecimal('-.5'))).toBe('-0.5')
    expect(formatDecimal(addDecimal(parseDecimal('0.1'), parseDecimal('0.2')))).toBe('0.3')
    expect(compareDecimal(parseDecimal('10'), parseDecimal('9.99'))).toBe(1)
  })

  it('rejects what DynamoDB rejects: text, more than 38 digits, out of range', () => {
    for (const bad of ['abc', '', '1.2.3', '1'.repeat(39), '1e126', '1e-131'])
      expect(() => parseDecimal(bad), bad).toThrow(expect.objectContaining({ name: 'ValidationException' }))
  })

  it('encodes numbers as bytes that sort in numeric order', () => {
    const numbers = [
      '-1e10',
      '-10',
      '-2',
      '-1.5',
      '-1.25',
      '-1',
      '-0.001',
      '0',
      '0.001',
      '1',
      '1.25',
      '1.5',
      '2',
      '10',
      '1e10',
    ]
    const shuffled = numbers.map((_, i) => numbers[(i * 7) % numbers.length] as string)
    const sorted = shuffled.sort((a, b) =>
      compareBytes(decimalSortKey(parseDecimal(a)), decimalSortKey(parseDecimal(b))),
    )
    expect(sorted).toEqual(numbers)
  })
})
