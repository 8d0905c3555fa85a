import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makePromptStore } from './prompt-store.ts'
import { startTestTable } from './testing.ts'

describe('versioned definitions on the embedded engine', () => {
  let env: Awaited<ReturnType<typeof startTestTable>>
  beforeAll(async () => {
    env = await startTestTable()
  })
  afterAll(() => env.close())

  it('keeps every version, serves the latest, and lists the latest of each name', async () => {
    const prompts = makePromptStore(env.table)
    expect(await prompts.seed('acme', 'a', { text: 'one' })).toBe(true)
    expect(await prompts.seed('acme', 'a', { text: 'again' })).toBe(false)
    expect((await prompts.save('acme', 'a', { text: 'two' })).version).toBe(2)
    await prompts.save('acme', 'b', { text: 'bee' })
    expect((await prompts.get('acme', 'a'))?.definition.text).toBe('two')
    expect((await prompts.get('acme', 'a', 1))?.definition.text).toBe('one')
    expect((await prompts.list('acme')).map((p) => [p.definition.text, p.version])).toEqual([
      ['two', 2],
      ['bee', 1],
    ])
    expect(await prompts.list('globex')).toEqual([])
  })

  it('deletes with a tombstone: gone from get and list, history kept, not re-seeded', async () => {
    const prompts = makePromptStore(env.table)
    await prompts.save('acme', 'gone', { text: 'x' })
    expect(await prompts.remove('acme', 'gone')).toBe(true)
    expect(await prompts.remove('acme', 'gone')).toBe(false)
    expect(await prompts.get('acme', 'gone')).toBeUndefined()
    expect((await prompts.get('acme', 'gone', 1))?.definition.text).toBe('x')
    expect((await prompts.list('acme')).map((p) => p.definition.text)).not.toContain('x')
    expect(await prompts.seed('acme', 'gone', { text: 'y' })).toBe(false)
    expect((await prompts.save('acme', 'gone', { text: 'back' })).version).toBe(3)
  })

  it('pages the latest version of each name in name order, deleted names left out', async () => {
    const prompts = makePromptStore(env.table)
    for (const name of ['p.a', 'p.b', 'p.c', 'p.d', 'p.e']) await prompts.save('paging', name, { text: name })
    await prompts.save('paging', 'p.b', { text: 'b2' })
    await prompts.save('paging', 'p.b', { text: 'b3' })
    await prompts.remove('paging', 'p.c')
    const first = await prompts.page('paging', { limit: 2 })
    expect(first.items.map((p) => [p.name, p.version, p.definition.text])).toEqual([
      ['p.a', 1, 'p.a'],
      ['p.b', 3, 'b3'],
    ])
    expect(first.next).toBe('p.b')
    const second = await prompts.page('paging', { limit: 2, after: first.next })
    expect(second.items.map((p) => p.name)).toEqual(['p.d', 'p.e'])
    expect(second.next).toBeUndefined()
    expect((await prompts.page('paging', { limit: 10 })).items.map((p) => p.name)).toEqual([
      'p.a',
      'p.b',
      'p.d',
      'p.e',
    ])
    expect(await prompts.page('nobody', { limit: 10 })).toEqual({ items: [] })
  })
})
