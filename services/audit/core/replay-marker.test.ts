import { describe, expect, it } from 'vitest'
import { replayMarker } from './replayer.ts'

describe('replay markers', () => {
  it('name the tenant: one replay name of two tenants gives two markers', () => {
    expect(replayMarker('alpha', 'nightly')).not.toBe(replayMarker('bravo', 'nightly'))
    expect(replayMarker('alpha', 'nightly')).toBe(replayMarker('alpha', 'nightly'))
  })

  it('are valid EventBridge replay names (at most 64 of [.-_A-Za-z0-9])', () => {
    const marker = replayMarker('t'.repeat(63), 'n'.repeat(64))
    expect(marker).toMatch(/^[.\-_A-Za-z0-9]{1,64}$/)
  })
})
