import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

const run = runCli

describe('the chorus CLI against a running server', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let env: Record<string, string>
  const dir = mkdtempSync(join(tmpdir(), 'chorus-cli-'))
  beforeAll(async () => {
    chorus = await startTestChorus()
    // The dev credentials are read from the data directory, as after `npm start`.
    env = { CHORUS_URL: chorus.url, CHORUS_DATA_DIR: chorus.dataDir }
  })
  afterAll(async () => {
    await chorus.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('chats: prints each step as it happens, then the answer', async () => {
    const { code, stdout } = await run(['chat', 'Explain how solar panels work'], env)
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toMatch(/^\[run\] run [0-9A-Z]{26} requested$/)
    expect(lines[1]).toMatch(/^\[plan\] plan: \S+ \(researcher\); \S+ \(writer\) after /)
    expect(lines.filter((l) => l.startsWith('[done]'))).toHaveLength(2)
    expect(stdout).toContain('[run] run completed')
    expect(stdout.trim().split('\n').at(-1)).toContain('[offline model]')
  })

  it('chats with --multitask: reject answers chat.busy while the chat has a run going', async () => {
    const head = await http(chorus.url, 'POST', '/chats/cli-busy/messages', {
      content: 'Explain waves',
      approval: 'plan',
    })
    expect(head.status).toBe(202)
    const { runId } = head.json as { runId: string }
    const busy = await run(['chat', '--chat', 'cli-busy', '--multitask', 'reject', 'Explain more'], env)
    expect(busy.code).toBe(2)
    expect(busy.stderr).toContain('chat.busy')
    expect(busy.stderr).toContain(runId)
    const bad = await run(['chat', '--chat', 'cli-busy', '--multitask', 'sometimes', 'Explain more'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('multitask')
  })

  it('chats with --json for scripts', async () => {
    const { code, stdout } = await run(['chat', '--json', 'Explain tides'], env)
    expect(code).toBe(0)
    const result = JSON.parse(stdout) as { runId: string; status: string; reply: string; events: string[] }
    expect(result.status).toBe('completed')
    expect(result.events.at(-1)).toBe('RunCompleted')
    const runs = await run(['runs', 'ls', '--json', '--status', 'completed'], env)
    expect((JSON.parse(runs.stdout) as { runId: string }[]).map((r) => r.runId)).toContain(result.runId)
    const show = await run(['runs', 'show', result.runId], env)
    expect(show.stdout).toContain('status   completed')
    expect(show.stdout).toContain(result.reply)
    const watch = await run(['runs', 'watch', result.runId], env)
    expect([watch.code, watch.stdout.trim().split('\n').at(-1)]).toEqual([0, '[run] run completed'])
  })

  it('publishes events from a file and reports each entry', async () => {
    await http(chorus.url, 'PUT', '/triggers/on-order', {
      name: 'on-order',
      pattern: { source: ['shop.orders'] },
      request: 'Confirm order {{detail.id}}',
    })
    const file = join(dir, 'events.json')
    writeFileSync(
      file,
      JSON.stringify([
        { Source: 'shop.orders', DetailType: 'OrderPlaced', Detail: { id: 'o-1' } },
        { Source: 'shop.orders', DetailType: 'OrderPlaced' },
      ]),
    )
    const { code, stdout } = await run(['publish', file], env)
    expect(code).toBe(1)
    expect(stdout).toMatch(/✓ entry 0: event [0-9A-Z]{26} started on-order → run [0-9A-Z]{26}/)
    expect(stdout).toContain('✗ entry 1: event.invalid: Detail:')
  })

  it('applies teams from a directory of YAML and JSON files, reporting refused ones', async () => {
    const teams = join(dir, 'teams')
    rmSync(teams, { recursive: true, force: true })
    await import('node:fs/promises').then((fs) => fs.mkdir(teams))
    writeFileSync(
      join(teams, 'a.yaml'),
      'name: poet\ndescription: Writes verse.\nshape: llm\nprompt: "Write about {{goal}}"\n---\nname: critic\ndescription: Critiques.\nshape: llm\nprompt: "Critique {{inputs}}"\n',
    )
    writeFileSync(
      join(teams, 'b.json'),
      JSON.stringify({ name: 'broken', description: 'x', shape: 'agent', tools: ['teleport'], prompt: 'p' }),
    )
    writeFileSync(join(teams, 'notes.txt'), 'ignored')
    const { code, stdout } = await run(['teams', 'apply', teams], env)
    expect(code).toBe(1)
    expect(stdout).toContain('✓ team poet v1')
    expect(stdout).toContain('✓ team critic v1')
    expect(stdout).toContain('✗ broken: team.invalid: 1 problem')
    expect(stdout).toContain('    - body.tools.0: unknown tool "teleport"')
    expect((await run(['teams', 'apply', join(teams, 'a.yaml')], env)).stdout).toContain('✓ team poet v2')
  })

  it('lists every problem of a refused team, one per line, and never a server path', async () => {
    const file = join(dir, 'bad-teams.yaml')
    writeFileSync(
      file,
      'name: sloppy\ndescription: d\nshape: agent\ntools: [teleport]\nprompt: "Hi {{customer}}"\noutputSchema: { type: bogus }\n---\nname: outsider\ndescription: d\nshape: custom\nmodule: ../../runtime/local/config.ts\n',
    )
    const { code, stdout } = await run(['teams', 'apply', file], env)
    expect(code).toBe(1)
    expect(stdout).toContain('✗ sloppy: team.invalid: 3 problems')
    expect(stdout).toContain('    - body.tools.0: unknown tool "teleport"')
    expect(stdout).toContain('    - body.prompt: unknown template variable "customer"')
    expect(stdout).toContain('    - body.outputSchema: schema is invalid')
    expect(stdout).toContain('✗ outsider: team.invalid: 1 problem')
    expect(stdout).toContain('    - body.module: module must be a relative path')
    expect(stdout).not.toContain(process.cwd())
  })

  it('says clearly what is wrong', async () => {
    const down = await run(['runs', 'ls'], { ...env, CHORUS_URL: 'http://127.0.0.1:9' })
    expect(down.code).toBe(2)
    expect(down.stderr).toMatch(/cannot reach Chorus at http:\/\/127\.0\.0\.1:9 .*chorus start/)
    const noCredentials = await run(['runs', 'ls'], { CHORUS_URL: chorus.url, CHORUS_DATA_DIR: dir })
    expect(noCredentials.stderr).toContain('no credentials: set CHORUS_TOKEN and CHORUS_API_KEY')
    const badToken = await run(['runs', 'ls'], { ...env, CHORUS_TOKEN: 'x', CHORUS_API_KEY: 'y' })
    expect(badToken.stderr).toContain('auth.invalidToken')
    const missing = await run(['runs', 'show', '01JD0000000000000000000000'], env)
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      'chorus: run.notFound: run 01JD0000000000000000000000 not found',
    ])
    expect((await run(['fly'], env)).stderr).toContain('unknown command "fly"')
    expect((await run(['chat'], env)).stderr).toContain('missing the message')
    expect((await run(['publish', join(dir, 'nope.json')], env)).stderr).toContain('cannot read')
  })

  it('starts Chorus with `chorus start`, printing new credentials once', async () => {
    const data = join(dir, 'start-data')
    const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'node'), ['cli/bin.js', 'start'], {
      env: {
        ...process.env,
        CHORUS_DATA_DIR: data,
        CHORUS_AUDIT_KEY_DIR: join(dir, 'start-audit-keys'),
        CHORUS_PORT: '0',
        CHORUS_LOG_LEVEL: 'silent',
      },
    })
    try {
      const banner = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          if (out.includes('Stop with Ctrl-C')) resolve(out)
        })
        child.once('exit', (code) => reject(new Error(`chorus start exited with ${code}: ${out}`)))
      })
      expect(banner).toContain('New dev credentials (shown once')
      const url = /running at (\S+)/.exec(banner)?.[1] ?? ''
      const runs = await run(['runs', 'ls', '--json'], { CHORUS_URL: url, CHORUS_DATA_DIR: data })
      expect([runs.code, runs.stdout.trim()]).toEqual([0, '[]'])
    } finally {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
  })

  it('runs as the `chorus` command through its bin shim', async () => {
    const node = join(process.cwd(), 'node_modules', '.bin', 'node')
    const { stdout } = await promisify(execFile)(node, ['cli/bin.js', 'runs', 'ls', '--json'], {
      env: { ...process.env, ...env },
    })
    expect(Array.isArray(JSON.parse(stdout))).toBe(true)
  })
})
