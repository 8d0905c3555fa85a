import { describe, expect, it } from 'vitest'
import { nextChannelVersion } from './versions.ts'

describe('nextChannelVersion', () => {
  it('starts above 1 and moves to the next integer plus a fraction', () => {
    expect(nextChannelVersion(undefined, () => 0.25)).toBe(1.25)
    expect(nextChannelVersion(1.25, () => 0.5)).toBe(2.5)
    expect(nextChannelVersion(7, () => 0.000001)).toBe(8.000001)
  })

  it('always increases, whatever the fraction', () => {
    let version: number | undefined
    for (let i = 0; i < 1_000; i++) {
      const next = nextChannelVersion(version)
      if (version !== undefined) expect(next).toBeGreaterThan(version)
      version = next
    }
    expect(Math.floor(version ?? 0)).toBe(1_000)
  })

  it('gives two writers forking from the same version different versions', () => {
    const minted = new Set(Array.from({ length: 200 }, () => nextChannelVersion(41.5)))
    expect(minted.size).toBeGreaterThan(195)
  })
})
