import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

describe('chorus usage and a chat budget against a running server', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let env: Record<string, string>
  beforeAll(async () => {
    chorus = await startTestChorus()
    env = { CHORUS_URL: chorus.url, CHORUS_DATA_DIR: chorus.dataDir }
    await http(chorus.url, 'POST', '/chats/cli-usage/messages', {
      content: 'Research the history of tides and write a short summary',
    })
    await chorus.idle()
  })
  afterAll(() => chorus.close())

  it("prints the tenant's ended runs by day and team, and the same totals as JSON", async () => {
    const today = new Date().toISOString().slice(0, 10)
    const printed = await runCli(['usage', '--since', today], env)
    expect(printed.code).toBe(0)
    expect(printed.stdout).toMatch(new RegExp(`^usage from ${today} to ${today} \\(ended runs\\)`))
    // researcher 88 and writer 152 tokens with the offline model: one run, two steps.
    expect(printed.stdout).toMatch(/^researcher\s+1\s+1\s+88\s+0\s+0\.000119$/m)
    expect(printed.stdout).toMatch(/^total\s+1\s+2\s+240\s+0\s+0\.000335$/m)
    const json = await runCli(['usage', '--json'], env)
    expect(JSON.parse(json.stdout)).toMatchObject({ total: { runs: 1, steps: 2, tokens: 240 } })
    const bad = await runCli(['usage', '--since', 'yesterday'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/query\.since/)
  }, 120_000)

  it('sends --max-* flags as the run budget and shows where it stopped', async () => {
    const stopped = await runCli(
      [
        'chat',
        'Research the history of tides and write a short summary',
        '--chat',
        'cli-budget',
        '--max-steps',
        '1',
      ],
      env,
    )
    expect(stopped.code).toBe(1)
    expect(stopped.stdout).toMatch(
      /^\[budget\] budget: maxSteps 1 reached before writer-2 \(used 1 steps, 88 tokens,/m,
    )
    expect(stopped.stdout).toMatch(
      /^\[run\] run failed: budget\.exceeded: budget limit maxSteps \(1\) reached/m,
    )
    const bad = await runCli(['chat', 'hello', '--max-tokens', 'lots'], env)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--max-tokens must be a number/)
  }, 120_000)
})
