import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, startTestChorus } from './testing.ts'

type Problem = { error: { code: string; message: string; problems?: string[] } }
const team = (overrides: Record<string, unknown> = {}) => ({
  name: 'summariser',
  description: 'Summarises what it is given in three sentences.',
  shape: 'llm',
  prompt: 'Summarise for {{goal}}: {{inputs}}',
  ...overrides,
})

describe('teams and tools over HTTP (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    chorus = await startTestChorus()
  })
  afterAll(() => chorus.close())
  const call = (method: string, path: string, body?: unknown) => http(chorus.url, method, path, body)

  it('lists the tools teams may use', async () => {
    const { tools } = (await call('GET', '/tools')).json as { tools: { name: string; inputSchema: object }[] }
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['file.read', 'web.fetch']))
    expect(tools[0]?.inputSchema).toMatchObject({ type: 'object' })
  })

  it('creates, versions, reads, lists and deletes a team', async () => {
    const created = await call('POST', '/teams', team())
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ name: 'summariser', version: 1, definition: { shape: 'llm' } })
    expect((await call('POST', '/teams', team())).status).toBe(409)
    const updated = await call('PUT', '/teams/summariser', team({ description: 'Summarises in one line.' }))
    expect(updated.json).toMatchObject({ version: 2, definition: { description: 'Summarises in one line.' } })
    expect((await call('GET', '/teams/summariser')).json).toMatchObject({ version: 2 })
    const names = ((await call('GET', '/teams')).json as { teams: { name: string }[] }).teams.map(
      (t) => t.name,
    )
    expect(names).toEqual(expect.arrayContaining(['researcher', 'writer', 'summariser']))
    expect((await call('DELETE', '/teams/summariser')).status).toBe(204)
    expect((await call('GET', '/teams/summariser')).status).toBe(404)
    expect((await call('DELETE', '/teams/summariser')).status).toBe(404)
  })

  it.each([
    [
      'an unknown tool',
      team({ shape: 'agent', tools: ['file.read', 'teleport'] }),
      'team.invalid',
      'tools.1: unknown tool "teleport"',
    ],
    [
      'a bad template variable',
      team({ prompt: 'Hello {{customer}}' }),
      'http.400',
      'unknown template variable "customer"',
    ],
    ['a bad output schema', team({ outputSchema: { type: 'bogus' } }), 'team.invalid', 'outputSchema:'],
    [
      'an agent without tools',
      team({ shape: 'agent' }),
      'team.invalid',
      'an agent team needs at least one tool',
    ],
    ['an unknown shape', team({ shape: 'committee' }), 'http.400', 'body.shape'],
    ['an unknown field', team({ colour: 'blue' }), 'http.400', 'colour'],
    ['a name that is not a slug', team({ name: 'Bad Name' }), 'http.400', 'body.name'],
  ])('refuses %s with 400 naming the problem', async (_, body, code, problem) => {
    const res = await call('POST', '/teams', body)
    expect(res.status).toBe(400)
    expect((res.json as Problem).error.code).toBe(code)
    expect((res.json as Problem).error.message).toContain(problem)
  })

  it('refuses a definition over the size limit with 413', async () => {
    const res = await call('POST', '/teams', team({ outputSchema: { description: 'x'.repeat(70_000) } }))
    expect(res.status).toBe(413)
    expect((res.json as Problem).error.message).toMatch(/over the 65536-byte limit/)
  })
})
