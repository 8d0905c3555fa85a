import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

describe('chorus approve / chorus reject against a running server', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let env: Record<string, string>
  beforeAll(async () => {
    chorus = await startTestChorus()
    env = { CHORUS_URL: chorus.url, CHORUS_DATA_DIR: chorus.dataDir }
  })
  afterAll(() => chorus.close())

  const waiting = async (chatId: string) => {
    const res = await http(chorus.url, 'POST', `/chats/${chatId}/messages`, {
      content: 'Explain tides',
      approval: 'plan',
    })
    await chorus.idle()
    return (res.json as { runId: string }).runId
  }
  const status = async (runId: string) =>
    (await http(chorus.url, 'GET', `/runs/${runId}`)).json as { status: string; failure?: { code: string } }

  it('approves a waiting run, then refuses to reject it, naming the approval', async () => {
    const runId = await waiting('cli-approve')
    const approved = await runCli(['approve', runId, '--reason', 'ok'], env)
    expect(approved.code).toBe(0)
    expect(approved.stdout).toMatch(new RegExp(`^run ${runId}: approved by \\S+ at \\S+ \\(ok\\)`))
    await chorus.idle()
    expect((await status(runId)).status).toBe('completed')
    const again = await runCli(['reject', runId, '--reason', 'too late'], env)
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already approved by/)
  }, 120_000)

  it('rejects with a reason (required)', async () => {
    const runId = await waiting('cli-reject')
    expect((await runCli(['reject', runId], env)).code).toBe(2)
    const rejected = await runCli(['reject', runId, '--reason', 'not now'], env)
    expect(rejected.code).toBe(0)
    await chorus.idle()
    expect((await status(runId)).failure?.code).toBe('approval.rejected')
  }, 120_000)
})
