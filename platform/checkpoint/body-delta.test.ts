import { emptyCheckpoint } from '@langchain/langgraph-checkpoint'
import { describe, expect, it } from 'vitest'
import { applyDelta, bodyOf, diffBodies } from './body-delta.ts'
import { BodyMemo } from './body-memo.ts'

const body = (versions: Record<string, number>, seen: Record<string, Record<string, number>>) => ({
  ...bodyOf({ ...emptyCheckpoint(), id: 'x', ts: '2026-12-02T00:00:00.000Z' }),
  channel_versions: versions,
  versions_seen: seen,
})

describe('checkpoint body deltas', () => {
  it('stores only the changed entries and turns the parent into the child exactly', () => {
    const parent = body({ a: 1, b: 2, c: 3 }, { n1: { a: 1 }, n2: { b: 2 } })
    const child = {
      ...body({ a: 1, b: 5, d: 1 }, { n1: { a: 1 }, n2: { b: 5, c: 3 }, n3: { d: 1 } }),
      ts: 'later',
      updated_channels: ['b', 'd'],
    }
    const delta = diffBodies(parent, child)
    expect(delta.set).toEqual(
      expect.arrayContaining([
        [['ts'], 'later'],
        [['channel_versions', 'b'], 5],
        [['channel_versions', 'd'], 1],
        [['versions_seen', 'n2', 'b'], 5],
        [['versions_seen', 'n2', 'c'], 3],
        [['versions_seen', 'n3'], { d: 1 }],
        [['updated_channels'], ['b', 'd']],
      ]),
    )
    expect(delta.set).toHaveLength(7)
    expect(delta.unset).toEqual([['channel_versions', 'c']])
    expect(applyDelta(parent, delta)).toEqual(child)
    // The parent is left as it was.
    expect(parent.channel_versions).toEqual({ a: 1, b: 2, c: 3 })
  })

  it('keeps a delta the same size however many entries the body already holds', () => {
    const grown = (n: number) =>
      body(
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`output_s${i}`, i + 1])),
        Object.fromEntries(Array.from({ length: n }, (_, i) => [`step_s${i}`, { [`output_s${i}`]: i + 1 }])),
      )
    const next = (n: number) => {
      const b = grown(n + 1)
      return diffBodies(grown(n), b)
    }
    expect(next(200).set).toHaveLength(next(10).set.length)
    // Only the step numbers' digits differ.
    expect(JSON.stringify(next(200)).length).toBeLessThanOrEqual(JSON.stringify(next(10)).length + 8)
  })

  it('forgets the least recently used body first', () => {
    const memo = new BodyMemo(2)
    const entry = { body: body({}, {}), expiresAt: 1 }
    memo.set('a', entry)
    memo.set('b', entry)
    memo.get('a')
    memo.set('c', entry)
    expect(memo.get('b')).toBeUndefined()
    expect(memo.get('a')).toBe(entry)
    expect(memo.get('c')).toBe(entry)
  })
})
