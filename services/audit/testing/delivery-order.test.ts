import { describe, expect, it } from 'vitest'
import { permutations, seededRandom, shuffled } from './delivery-order.ts'

describe('delivery orders', () => {
  it('lists every order of a short list once', () => {
    const orders = permutations([1, 2, 3, 4])

    expect(orders).toHaveLength(24)
    expect(new Set(orders.map((o) => o.join())).size).toBe(24)
    expect(orders.every((o) => [...o].sort().join() === '1,2,3,4')).toBe(true)
  })

  it('shuffles the same way for the same seed, differently for another, losing nothing', () => {
    const items = Array.from({ length: 30 }, (_, i) => i)

    const [a, b, c] = [
      shuffled(items, seededRandom(7)),
      shuffled(items, seededRandom(7)),
      shuffled(items, seededRandom(8)),
    ]

    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    expect(a).not.toEqual(items)
    expect([...a].sort((x, y) => x - y)).toEqual(items)
  })
})
