import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_RUNTIMES, type ApiTarget } from '../testing/index.ts'

type Problem = { error: { code: string; message: string; problems?: string[] } }
const team = (overrides: Record<string, unknown> = {}) => ({
  name: 'summariser',
  description: 'Summarises what it is given in three sentences.',
  shape: 'llm',
  prompt: 'Summarise for {{goal}}: {{inputs}}',
  ...overrides,
})
const custom = (module: string) => ({
  name: 'digest',
  description: 'Digests in two passes.',
  shape: 'custom',
  module,
})

/** Anything that looks like a filesystem path or file URL of this machine. */
const SERVER_PATH = /file:\/\/|(?:^|[\s'"(=:])\/[\w.@+-]+\/|[A-Za-z]:\\/

/**
 * Teams and tools on both runtimes, neither with a module directory allowlisted (AWS has none): custom
 * modules that may be loaded are the embedded runtime's own test (`runtime/local/team-modules.int.test.ts`).
 */
describe.each(API_RUNTIMES)('teams and tools over HTTP (%s)', { timeout: 60_000 }, (_, start) => {
  let target: ApiTarget
  beforeAll(async () => {
    target = await start({ env: { CHORUS_TEAM_MODULE_DIRS: '' } })
    const { stores, tenantId } = target
    await stores.prompts.save(tenantId, 'team.digest', { text: 'Digest for {{goal}}: {{inputs}}' })
    await stores.prompts.save(tenantId, 'team.broken', { text: 'Dear {{customer}}, {{goal' })
    await stores.httpTools.save(tenantId, 'shop.products', {
      name: 'shop.products',
      description: 'Find products',
      method: 'GET',
      url: 'https://shop.example/products?q={keyword}',
      input: { type: 'object', properties: { keyword: { type: 'string' } }, required: ['keyword'] },
      headers: {},
      body: 'none',
      response: { maxChars: 1000 },
    })
  }, 60_000)
  afterAll(() => target?.close())
  const call = (method: string, path: string, body?: unknown) => target.call(method, path, body)
  const refusal = (res: { status: number; json: unknown }) => {
    expect(res.status).toBe(400)
    return (res.json as Problem).error
  }

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
    expect((await call('GET', '/teams/summariser?version=1')).json).toMatchObject({
      version: 1,
      definition: { description: 'Summarises what it is given in three sentences.' },
    })
    expect((await call('GET', '/teams/summariser?version=3')).status).toBe(404)
    expect((await call('GET', '/teams/summariser?version=0')).status).toBe(400)
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
      'an agent using a tool of the tenant',
      team({ name: 'shopper', shape: 'agent', tools: ['shop.products'] }),
    ],
    ['a stored prompt', team({ name: 'by-ref', prompt: { prompt: 'team.digest' } })],
    ['a stored prompt version', team({ name: 'by-version', prompt: { prompt: 'team.digest', version: 1 } })],
  ])('saves %s', async (_, body) => {
    expect((await call('POST', '/teams', body)).status).toBe(201)
  })

  it.each([
    [
      'an unknown tool',
      team({ shape: 'agent', tools: ['file.read', 'teleport'] }),
      'body.tools.1: unknown tool "teleport"',
    ],
    [
      'a bad template variable',
      team({ prompt: 'Hello {{customer}}' }),
      'body.prompt: unknown template variable "customer"',
    ],
    [
      'a template that does not parse',
      team({ prompt: 'Task: {{instruction' }),
      'body.prompt: "{{" at character 7',
    ],
    [
      'a stored prompt that is missing',
      team({ prompt: { prompt: 'team.nope' } }),
      'body.prompt.prompt: prompt "team.nope" does not exist',
    ],
    [
      'a stored prompt version that is missing',
      team({ prompt: { prompt: 'team.digest', version: 9 } }),
      'version 9 does not exist',
    ],
    [
      'a stored prompt with bad variables',
      team({ prompt: { prompt: 'team.broken' } }),
      'body.prompt.prompt: prompt "team.broken": unknown template variable "customer"',
    ],
    [
      'a bad output schema',
      team({ outputSchema: { type: 'bogus' } }),
      'body.outputSchema: schema is invalid',
    ],
    ['an agent without tools', team({ shape: 'agent' }), 'body.tools: an agent team needs at least one tool'],
    ['an unknown shape', team({ shape: 'committee' }), 'body.shape'],
    ['an unknown field', team({ colour: 'blue' }), 'colour'],
    ['a name that is not a slug', team({ name: 'Bad Name' }), 'body.name'],
    [
      'a custom module',
      custom('summarize.ts'),
      'body.module: custom team modules are not enabled here: no module directory is allowlisted',
    ],
  ])('refuses %s with 400 team.invalid naming the field', async (_, body, problem) => {
    const error = refusal(await call('POST', '/teams', body))
    expect(error.code).toBe('team.invalid')
    expect(error.problems?.join('\n')).toContain(problem)
    expect(error.message).toContain(problem)
    expect(error.message).not.toMatch(SERVER_PATH)
  })

  it('reports every problem of a team in one answer, each with its field path', async () => {
    const body = {
      ...team({ shape: 'agent', name: 'Bad Name', colour: 'blue' }),
      tools: ['teleport', 'file.read', 'levitate'],
      prompt: 'Dear {{customer}}, {{goal',
      outputSchema: { type: 'bogus' },
    }
    const error = refusal(await call('PUT', '/teams/other', body))
    const paths = (error.problems ?? []).map((p) => p.slice(0, p.indexOf(':')))
    expect(new Set(paths)).toEqual(
      new Set(['body.name', 'body', 'body.tools.0', 'body.tools.2', 'body.prompt', 'body.outputSchema']),
    )
    expect(error.problems).toHaveLength(8) // name twice (slug, path), prompt twice (variable, unclosed)
  })

  it("checks tools against the writing tenant's own: another tenant's HTTP tool is unknown", async () => {
    const other = target.as(await target.credentialsFor('globex'))
    const res = await other(
      'POST',
      '/teams',
      team({ name: 'shopper', shape: 'agent', tools: ['shop.products'] }),
    )
    expect(refusal(res).problems).toEqual(['body.tools.0: unknown tool "shop.products"'])
  })

  it('refuses a definition over the size limit with 413', async () => {
    const res = await call('POST', '/teams', team({ outputSchema: { description: 'x'.repeat(70_000) } }))
    expect(res.status).toBe(413)
    expect((res.json as Problem).error.message).toMatch(/over the 65536-byte limit/)
  })
})
