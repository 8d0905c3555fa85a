import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ToolMessage } from '@langchain/core/messages'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { makeLogger } from '#platform/log/index.ts'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import {
  type ChatRequest,
  lastUserText,
  startFakeOpenAI,
} from '#platform/models/testing/fake-openai-server.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { http, startTestChorus } from './testing.ts'

const SECRET = 's3cr3t-token-value'
const plan = (team: string) =>
  JSON.stringify({ goal: 'g', steps: [{ id: 'only', team, instruction: 'do it', dependsOn: [] }] })

type Run = {
  runId: string
  status: string
  failure?: { code: string; message: string }
  steps: { stepId: string; output?: { text: string; usage?: { toolCalls: number } } }[]
  modelCalls: { stepId: string }[]
}

describe('teams as data on the embedded runtime', () => {
  let api: Server
  let apiUrl: string
  let chorus: Awaited<ReturnType<typeof startTestChorus>> | undefined
  const logs: string[] = []
  beforeAll(async () => {
    api = createServer((req, res) => {
      if (req.url?.startsWith('/products')) {
        if (req.headers.authorization !== `Bearer ${SECRET}`) {
          res.writeHead(401, { 'content-type': 'application/json' })
          return res.end(JSON.stringify({ error: `bad token, expected Bearer ${SECRET}` }))
        }
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end(
          JSON.stringify({ items: [{ sku: 'T-1', name: 'Tea', price: 4 }], echo: req.headers.authorization }),
        )
      }
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<html><title>Moon</title><body><p>The moon pulls the tides.</p></body></html>')
    })
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r))
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => api.close(() => r())))
  afterEach(async () => {
    await chorus?.close()
    chorus = undefined
    logs.length = 0
  })

  const start = async (env: Record<string, string>, models?: ReturnType<typeof makeScriptedProvider>) => {
    chorus = await startTestChorus(
      { CHORUS_WEB_ALLOW: '127.0.0.0/8', CHORUS_SECRET_SHOP_TOKEN: SECRET, ...env },
      {
        ...(models ? { models } : {}),
        logger: makeLogger({ level: 'debug', write: (line) => logs.push(line) }),
      },
    )
    mkdirSync(join(chorus.dataDir, 'workspace', 'local'), { recursive: true })
    writeFileSync(
      join(chorus.dataDir, 'workspace', 'local', 'notes.txt'),
      'Spring tides follow the full moon.',
    )
    return chorus
  }
  const addTeam = (team: { name: string } & Record<string, unknown>) =>
    chorus?.stores.teams.save('local', team.name, TeamDefinition.parse(team))
  const chat = async (content = 'go') => {
    const res = await http(chorus?.url ?? '', 'POST', '/chats/t/messages', { content })
    return (await http(chorus?.url ?? '', 'GET', `/runs/${(res.json as Run).runId}`)).json as Run
  }

  it('runs an agent team that calls file.read and web.fetch through a real OpenAI client, and traces the calls', async () => {
    const server = await startFakeOpenAI((r: ChatRequest) => {
      if (r.response_format) return { content: plan('reader') }
      if (!r.messages.some((m) => m.role === 'tool'))
        return {
          toolCalls: [
            { name: 'file__read', arguments: { path: 'notes.txt' } },
            { name: 'web__fetch', arguments: { url: `${apiUrl}/moon` } },
          ],
        }
      return {
        content: `facts: ${r.messages
          .filter((m) => m.role === 'tool')
          .map((m) => m.content)
          .join(' | ')}`,
      }
    })
    try {
      await start({
        OPENAI_BASE_URL: server.baseUrl,
        OPENAI_API_KEY: 'sk-test',
      })
      await addTeam({
        name: 'reader',
        description: 'reads',
        shape: 'agent',
        tools: ['file.read', 'web.fetch'],
        prompt: 'Task: {{instruction}}',
        maxIterations: 4,
      })

      const run = await chat()

      expect(run.status).toBe('completed')
      expect(run.steps[0]?.output?.text).toContain('Spring tides follow the full moon.')
      expect(run.steps[0]?.output?.text).toContain('The moon pulls the tides.')
      expect(run.steps[0]?.output?.usage?.toolCalls).toBe(2)
      const trace = (
        run as unknown as { toolCalls: { stepId: string; tool: string; result: { ok: boolean } }[] }
      ).toolCalls
      expect(trace.map((c) => [c.stepId, c.tool, c.result.ok])).toEqual([
        ['only', 'file.read', true],
        ['only', 'web.fetch', true],
      ])
      const planning = server.requests.find((r) => r.response_format) as ChatRequest
      const catalogue = (JSON.parse(lastUserText(planning)) as { teams: { name: string; tools: string[] }[] })
        .teams
      expect(catalogue.find((t) => t.name === 'reader')?.tools).toEqual(['file.read', 'web.fetch'])
      expect(server.requests.find((r) => r.tools)?.tools?.map((t) => t.function.name)).toEqual([
        'file__read',
        'web__fetch',
      ])
    } finally {
      await server.close()
    }
  })

  it('validates an llm team output against its schema', async () => {
    let answer = '{"answer": 42}'
    await start(
      {},
      makeScriptedProvider((_, p) => (p.service === 'planner' ? plan('extractor') : answer)),
    )
    const outputSchema = { type: 'object', required: ['answer'], properties: { answer: { type: 'number' } } }
    await addTeam({
      name: 'extractor',
      description: 'extracts',
      shape: 'llm',
      prompt: 'Task: {{instruction}}',
      outputSchema,
    })

    expect((await chat()).status).toBe('completed')
    answer = '{"answer": "forty-two"}'
    const failed = await chat()
    expect(failed.failure).toMatchObject({ code: 'team.invalidOutput' })
    expect(failed.failure?.message).toContain('/answer must be number')
  })

  it('runs a custom graph module from the allowlist, and refuses one outside it', async () => {
    const examples = resolve(import.meta.dirname, '../../services/workers/examples/modules')
    let prompts = 0
    await start(
      { CHORUS_TEAM_MODULE_DIRS: examples },
      makeScriptedProvider((_, p) =>
        p.service === 'planner' ? plan(p.team ?? 'summarizer') : `pass ${++prompts}`,
      ),
    )
    await addTeam({
      name: 'summarizer',
      description: 'sums up',
      shape: 'custom',
      module: 'summarize.ts',
      export: 'createGraph',
    })
    const run = await chat()
    expect(run.failure).toBeUndefined()
    expect(run.status).toBe('completed')
    expect(run.steps[0]?.output?.text).toBe('pass 2')
    expect(run.modelCalls.filter((c) => c.stepId === 'only')).toHaveLength(2)

    for (const module of [
      '../../../../runtime/local/config.ts',
      resolve(examples, 'summarize.ts'),
      'missing.ts',
    ]) {
      await addTeam({
        name: 'summarizer',
        description: 'sums up',
        shape: 'custom',
        module,
        export: 'createGraph',
      })
      const refused = await chat()
      expect(refused.failure?.code).toBe('team.moduleRefused')
      // The run's failure is shown to the tenant: it names the module, never a directory of the server.
      expect(refused.failure?.message).not.toContain(process.cwd())
      expect(refused.failure?.message).not.toMatch(/(?:^|[\s'"(=:])\/[\w.@+-]+\/|file:\/\//)
    }
    await addTeam({
      name: 'summarizer',
      description: 'sums up',
      shape: 'custom',
      module: 'summarize.ts',
      export: 'nope',
    })
    expect((await chat()).failure?.message).toContain('no function export "nope"')
  })

  it('fails a run whose custom graph throws an error naming server paths, and shows the error without them', async () => {
    const modules = mkdtempSync(join(tmpdir(), 'chorus-leaky-'))
    writeFileSync(
      join(modules, 'leaky.mjs'),
      'export const createGraph = () => ({ invoke: async () => {\n' +
        '  throw new Error("cannot open " + new URL(import.meta.url).pathname + " in " + process.cwd())\n' +
        '} })\n',
    )
    try {
      await start(
        { CHORUS_TEAM_MODULE_DIRS: modules },
        makeScriptedProvider((_, p) => (p.service === 'planner' ? plan('leaky') : 'unused')),
      )
      await addTeam({ name: 'leaky', description: 'leaks', shape: 'custom', module: 'leaky.mjs' })

      const run = await chat()

      expect(run.status).toBe('failed')
      expect(run.failure?.message).toContain('cannot open <path> in <path>')
      for (const shown of [
        JSON.stringify(run),
        JSON.stringify((await http(chorus?.url ?? '', 'GET', '/runs')).json),
      ]) {
        expect(shown).not.toContain(modules)
        expect(shown).not.toContain(process.cwd())
      }
    } finally {
      rmSync(modules, { recursive: true, force: true })
    }
  })

  it('calls an HTTP tool defined purely as data, with auth from a secret that never shows up anywhere', async () => {
    const script: Script = (messages, p) => {
      if (p.service === 'planner') return plan('shopper')
      const tool = messages.find((m): m is ToolMessage => m instanceof ToolMessage)
      return tool
        ? `found: ${tool.text}`
        : { toolCalls: [{ name: 'shop__products', args: { keyword: 'tea' } }] }
    }
    await start({}, makeScriptedProvider(script))
    await chorus?.stores.httpTools.save('local', 'shop.products', {
      name: 'shop.products',
      description: 'Find products',
      method: 'GET',
      url: `${apiUrl}/products?q={keyword}`,
      input: { type: 'object', properties: { keyword: { type: 'string' } }, required: ['keyword'] },
      headers: {},
      body: 'none',
      auth: { type: 'bearer', secret: 'shop.token' },
      response: { pick: ['items[].name', 'echo'], maxChars: 1000 },
    })
    await addTeam({
      name: 'shopper',
      description: 'shops',
      shape: 'agent',
      tools: ['shop.products'],
      prompt: 'Task: {{instruction}}',
      maxIterations: 3,
    })

    const run = await chat()

    expect(run.status).toBe('completed')
    expect(run.steps[0]?.output?.text).toContain('Tea')
    const trace = (await chorus?.stores.toolCalls.list('local', run.runId)) ?? []
    expect(trace[0]).toMatchObject({ tool: 'shop.products', result: { ok: true } })
    const everything = JSON.stringify({
      run,
      trace,
      events: await chorus?.stores.log.list('local', run.runId),
      calls: await chorus?.stores.modelCalls.list('local', run.runId),
      logs,
    })
    expect(everything).toContain('Bearer [redacted]')
    expect(everything).not.toContain(SECRET)
  })

  it('keeps a 1 MB step output whole by reference: the next step reads all of it, events and items stay small', async () => {
    const big = `${'tide '.repeat(200_000)}END`
    let seenByWriter = 0
    await start(
      {},
      makeScriptedProvider((messages, p) => {
        if (p.service === 'planner')
          return JSON.stringify({
            goal: 'g',
            steps: [
              { id: 'dump', team: 'researcher', instruction: 'dump it', dependsOn: [] },
              { id: 'read', team: 'writer', instruction: 'read it', dependsOn: ['dump'] },
            ],
          })
        const prompt = messages.at(-1)?.text ?? ''
        if (prompt.includes('dump it')) return big
        seenByWriter = prompt.length
        return prompt.endsWith('END') || prompt.includes('END') ? 'read all of it' : 'got a preview only'
      }),
    )
    const run = await chat()
    expect(run.status).toBe('completed')
    expect(run.steps[1]?.output?.text).toBe('read all of it')
    expect(seenByWriter).toBeGreaterThan(big.length)
    const dump = run.steps[0]?.output as { text: string; ref?: { bytes: number } }
    expect(dump.ref?.bytes).toBe(Buffer.byteLength(big))
    expect(dump.text.length).toBeLessThan(3000)
    const report = await http(chorus?.url ?? '', 'GET', `/runs/${run.runId}/audit`)
    expect(report.json).toMatchObject({ verdict: { verdict: 'match' } })
  })

  it('uses a team added through the admin API in the very next plan, without a restart', async () => {
    await start({})
    const before = (
      await http(chorus?.url ?? '', 'POST', '/chats/t/messages', { content: 'Compare tea and coffee' })
    ).json as { plan: { steps: { team: string }[] } }
    expect(before.plan.steps.map((s) => s.team)).toEqual(['researcher', 'writer'])
    const created = await http(chorus?.url ?? '', 'POST', '/teams', {
      name: 'analyst',
      description: 'Compares and evaluates the facts it is given.',
      shape: 'llm',
      prompt: 'Task: {{instruction}}\nInputs:\n{{inputs}}',
    })
    expect(created.status).toBe(201)
    const after = (
      await http(chorus?.url ?? '', 'POST', '/chats/t/messages', { content: 'Compare tea and coffee' })
    ).json as { plan: { steps: { team: string }[] } }
    expect(after.plan.steps.map((s) => s.team)).toEqual(['researcher', 'analyst', 'writer'])
  })
})
