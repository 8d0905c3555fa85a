import { JsonPlusSerializer } from '@langchain/langgraph-checkpoint'
import { describe, expect, it } from 'vitest'
import { CheckpointSerde } from './serde.ts'

/** Values a checkpoint holds: plain JSON, and every kind LangGraph's serializer writes as an `lc` record. */
const VALUES: [string, unknown][] = [
  ['plain JSON', { text: 'done', usage: { inputTokens: 3 }, list: [1, 'two', null, { deep: [true] }] }],
  ['a string that mentions "lc"', { note: 'a value with "lc": 2 and {"lc":1} in its text', lc2: 'x' }],
  ['undefined inside', { a: undefined, list: [undefined, 1] }],
  ['Set and Map', { set: new Set(['a', 'b']), map: new Map([['k', { v: 1 }]]) }],
  ['bytes and an error', { bytes: Uint8Array.of(1, 2, 3), error: new Error('failed') }],
  ['a key named lc', { lc: 7, type: 'not a record' }],
]

describe('CheckpointSerde', () => {
  const reference = new JsonPlusSerializer()
  const serde = new CheckpointSerde()

  it.each(VALUES)('reads %s as LangGraph’s serializer does', async (_, value) => {
    const written = await reference.dumpsTyped(value)
    expect(await serde.dumpsTyped(value)).toEqual(written)
    const expected = await reference.loadsTyped(...written)
    expect(await serde.loadsTyped(...written)).toEqual(expected)
    expect(await serde.loadsTyped(written[0], new TextDecoder().decode(written[1]))).toEqual(expected)
  })

  it('revives what was written as a record, and leaves plain JSON to JSON.parse', async () => {
    const revived = (await serde.loadsTyped(...(await serde.dumpsTyped({ s: new Set([1]) })))) as {
      s: unknown
    }
    expect(revived.s).toBeInstanceOf(Set)
    const [type, bytes] = await serde.dumpsTyped({ plain: ['x'] })
    expect(type).toBe('json')
    expect(await serde.loadsTyped(type, bytes)).toEqual({ plain: ['x'] })
    expect(await serde.loadsTyped('bytes', Uint8Array.of(9))).toEqual(Uint8Array.of(9))
  })
})
