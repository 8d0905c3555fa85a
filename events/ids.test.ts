import { describe, expect, it } from 'vitest'
import { newId, RunId } from './ids.ts'

describe('newId', () => {
  it('mints ULIDs that are unique, valid run ids and ordered as minted', () => {
    const ids = Array.from({ length: 20_000 }, () => newId())
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    for (const id of ids.slice(0, 100)) expect(RunId.parse(id)).toBe(id)
  })

  it('draws the random part afresh in every millisecond', async () => {
    const randomParts = new Set<string>()
    for (let i = 0; i < 50; i++) {
      randomParts.add(newId().slice(10))
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    // 80 random bits each: equal parts would mean the randomness is stuck.
    expect(randomParts.size).toBe(50)
  })
})
