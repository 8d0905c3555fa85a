import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_RUNTIMES, type ApiTarget, type Call } from '../testing/index.ts'

type PromptPage = { prompts: { name: string; version: number; updatedAt: string }[]; next?: string }
type Problem = { error: { code: string; message: string } }

/** The names this suite saves, in the order `GET /prompts` lists them (by name). */
const MINE = ['alpha.intro', 'alpha.outro', 'beta.digest', 'gamma.system', 'zeta.tail']

/** Every page of `GET /prompts`, `limit` at a time, following `next` to the end. */
const allPages = async (call: Call, limit: number) => {
  const pages: PromptPage[] = []
  let cursor: string | undefined
  do {
    const res = await call('GET', `/prompts?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
    expect(res.status).toBe(200)
    const page = res.json as PromptPage
    pages.push(page)
    cursor = page.next
  } while (cursor && pages.length < 20)
  return pages
}

describe.each(API_RUNTIMES)('the prompt list over HTTP (%s)', { timeout: 60_000 }, (_, start) => {
  let target: ApiTarget
  let owner: Call
  let outsider: Call
  beforeAll(async () => {
    target = await start()
    owner = target.as(await target.credentialsFor('prompt-owner'))
    outsider = target.as(await target.credentialsFor('prompt-outsider'))
    for (const name of [...MINE].reverse())
      expect(
        (await owner('PUT', `/prompts/${name}`, { text: `Text of ${name}: {{instruction}}` })).status,
      ).toBe(200)
    expect(
      (await owner('PUT', '/prompts/beta.digest', { text: 'Digest, again: {{instruction}}' })).status,
    ).toBe(200)
  }, 60_000)
  afterAll(() => target?.close())

  it("lists the tenant's prompts by name with each one's latest version and when it was saved", async () => {
    const res = await owner('GET', '/prompts')

    expect(res.status).toBe(200)
    const { prompts, next } = res.json as PromptPage
    expect(next).toBeUndefined()
    expect(prompts.map((p) => p.name).filter((name) => MINE.includes(name))).toEqual(MINE)
    const digest = prompts.find((p) => p.name === 'beta.digest')
    expect(digest?.version).toBe(2)
    const latest = (await owner('GET', '/prompts/beta.digest')).json as { version: number; createdAt: string }
    expect(digest?.updatedAt).toBe(latest.createdAt)
    expect(prompts.find((p) => p.name === 'alpha.intro')?.version).toBe(1)
  })

  it('pages with the cursor it returns: every prompt once, in name order, no page over the limit', async () => {
    const pages = await allPages(owner, 2)

    expect(pages.length).toBeGreaterThanOrEqual(3)
    expect(pages.every((page) => page.prompts.length <= 2)).toBe(true)
    expect(pages.slice(0, -1).every((page) => page.prompts.length === 2 && page.next)).toBe(true)
    const names = pages.flatMap((page) => page.prompts.map((p) => p.name))
    expect(names).toEqual([...new Set(names)].sort())
    expect(names.filter((name) => MINE.includes(name))).toEqual(MINE)
  })

  it("shows another tenant none of the tenant's prompts, on any page", async () => {
    await outsider('PUT', '/prompts/outsider.own', { text: 'Mine: {{instruction}}' })
    const ownerCursor = ((await owner('GET', '/prompts?limit=1')).json as PromptPage).next
    expect(ownerCursor).toBeDefined()

    const names = (await allPages(outsider, 1)).flatMap((page) => page.prompts.map((p) => p.name))
    const fromOwnersCursor = await outsider('GET', `/prompts?cursor=${ownerCursor}`)

    expect(names).toContain('outsider.own')
    expect(names.filter((name) => MINE.includes(name))).toEqual([])
    expect(fromOwnersCursor.status).toBe(200)
    const afterOwnersCursor = (fromOwnersCursor.json as PromptPage).prompts.map((p) => p.name)
    expect(afterOwnersCursor.filter((name) => MINE.includes(name))).toEqual([])
  })

  it.each([
    ['not base64 JSON', 'not-a-cursor'],
    [
      'a cursor of another list',
      Buffer.from(JSON.stringify({ createdAt: new Date().toISOString(), chatId: 'c' })).toString('base64url'),
    ],
    [
      'a name that is no prompt name',
      Buffer.from(JSON.stringify({ after: '../../etc' })).toString('base64url'),
    ],
  ])('refuses %s as a cursor with 400', async (_, cursor) => {
    const res = await owner('GET', `/prompts?cursor=${cursor}`)

    expect(res.status).toBe(400)
    expect((res.json as Problem).error.message).toMatch(/cursor/)
  })
})
