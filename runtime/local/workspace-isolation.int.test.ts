import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BaseMessage } from '@langchain/core/messages'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeScriptedProvider, type ScriptReply } from '#platform/models/index.ts'
import { readPlanningPrompt } from '#services/planner/index.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { authHeaders, http, startTestChorus } from './testing.ts'

type ToolCall = {
  tool: string
  input: unknown
  result: { ok: boolean; data?: unknown; error?: { code: string } }
}
type Run = { runId: string; status: string; toolCalls: ToolCall[] }

/** What each chat asks the agent to do with its file tools, by the chat's message. */
const CALLS: Record<string, { name: string; args: Record<string, unknown> }[]> = {
  'a writes': [{ name: 'file__write', args: { path: 'secret-a.txt', content: 'launch codes of tenant A' } }],
  'b snoops': [
    { name: 'file__list', args: { path: '.' } },
    { name: 'file__read', args: { path: 'secret-a.txt' } },
    { name: 'file__read', args: { path: '../tenant-a/secret-a.txt' } },
    { name: 'file__list', args: { path: '..' } },
  ],
  'b overwrites': [{ name: 'file__write', args: { path: 'secret-a.txt', content: 'overwritten by B' } }],
}

const textOf = (messages: BaseMessage[]) => messages.map((m) => String(m.content)).join('\n')
const script = (messages: BaseMessage[], purpose: { service: string; tools: string[] }): ScriptReply => {
  const text = textOf(messages)
  // The planner reads this turn's request (its prompt also carries the chat's earlier turns); the agent
  // reads its task, `do: <request>`.
  const request =
    (purpose.service === 'planner'
      ? readPlanningPrompt(messages.at(-1)?.text ?? '')?.request
      : /do: (.+)$/m.exec(text)?.[1]) ?? ''
  if (purpose.service === 'planner')
    return JSON.stringify({
      goal: request,
      steps: [{ id: 'files', team: 'filer', instruction: `do: ${request}`, dependsOn: [] }],
    })
  if (!messages.some((m) => m.getType() === 'tool')) return { toolCalls: CALLS[request] ?? [] }
  return `done: ${request}`
}

describe("one tenant's agent and another tenant's files (embedded runtime)", () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let asA: Record<string, string>
  let asB: Record<string, string>

  const chat = async (caller: Record<string, string>, content: string) => {
    const posted = await http(chorus.url, 'POST', '/chats/files/messages', { content }, caller)
    expect(posted.status).toBe(200)
    const { runId } = posted.json as { runId: string }
    return (await http(chorus.url, 'GET', `/runs/${runId}`, undefined, caller)).json as Run
  }

  beforeAll(async () => {
    chorus = await startTestChorus({}, { models: makeScriptedProvider(script) })
    const filer = TeamDefinition.parse({
      name: 'filer',
      description: 'works with files',
      shape: 'agent',
      tools: ['file.read', 'file.write', 'file.list'],
      prompt: 'Task: {{instruction}}',
      maxIterations: 3,
    })
    for (const tenant of ['tenant-a', 'tenant-b']) await chorus.stores.teams.save(tenant, 'filer', filer)
    asA = authHeaders(await chorus.credentialsFor('tenant-a'))
    asB = authHeaders(await chorus.credentialsFor('tenant-b'))
  })
  afterAll(() => chorus.close())

  it("refuses B's agent A's file on list, read, path tricks and overwrite", async () => {
    const written = await chat(asA, 'a writes')
    expect(written.status).toBe('completed')
    expect(written.toolCalls.map((c) => [c.tool, c.result.ok])).toEqual([['file.write', true]])

    const snooped = await chat(asB, 'b snoops')
    expect(snooped.status).toBe('completed')
    expect(
      snooped.toolCalls.map((c) => [c.tool, c.result.ok, c.result.error?.code ?? c.result.data]),
    ).toEqual([
      ['file.list', true, { path: '.', entries: [] }],
      ['file.read', false, 'tool.notFound'],
      ['file.read', false, 'tool.pathRefused'],
      ['file.list', false, 'tool.pathRefused'],
    ])
    expect(JSON.stringify(snooped)).not.toContain('launch codes')

    const overwritten = await chat(asB, 'b overwrites')
    expect(overwritten.toolCalls.map((c) => [c.tool, c.result.ok])).toEqual([['file.write', true]])
    const workspace = join(chorus.dataDir, 'workspace')
    expect(readFileSync(join(workspace, 'tenant-a', 'secret-a.txt'), 'utf8')).toBe('launch codes of tenant A')
    expect(readFileSync(join(workspace, 'tenant-b', 'secret-a.txt'), 'utf8')).toBe('overwritten by B')
    expect(existsSync(join(workspace, 'secret-a.txt'))).toBe(false)
  })
})
