import { describe, expect, it } from 'vitest'
import { canonicalJson, chainHash, GENESIS_HASH } from './canonical-json.ts'

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [true, null, 'x'] }, '{"a":[true,null,"x"],"b":1}'],
    [{ z: { y: 2, x: 1 }, é: 'ü', A: 0 }, '{"A":0,"z":{"x":1,"y":2},"é":"ü"}'],
    [{ keep: 1, drop: undefined }, '{"keep":1}'],
    [[1, undefined, 2], '[1,null,2]'],
    ['line\nbreak "quoted"', '"line\\nbreak \\"quoted\\""'],
    [1e21, '1e+21'],
    [-0, '0'],
    [0.1 + 0.2, '0.30000000000000004'],
  ])('writes %j as %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected)
  })

  it('gives the same bytes whatever the key order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }))
  })

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [() => 1], [10n]])('refuses %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError)
  })
})

describe('chainHash', () => {
  it('links each event to the one before it', () => {
    const first = chainHash(GENESIS_HASH, { meta: { seq: 1 }, data: {} })
    expect(first).toMatch(/^[0-9a-f]{64}$/)
    expect(chainHash(first, { meta: { seq: 2 }, data: {} })).not.toBe(
      chainHash(GENESIS_HASH, { meta: { seq: 2 }, data: {} }),
    )
    expect(chainHash(GENESIS_HASH, { data: {}, meta: { seq: 1 } })).toBe(first)
  })
})
