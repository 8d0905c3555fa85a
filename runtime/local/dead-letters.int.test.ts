import { afterEach, describe, expect, it } from 'vitest'
import { ChorusError } from '#platform/errors/index.ts'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { runCli } from '../../cli/testing.ts'
import { authHeaders, http, sse, startTestChorus } from './testing.ts'

const plan = (steps: { id: string; team: string; dependsOn?: string[] }[]) =>
  JSON.stringify({
    goal: 'test',
    steps: steps.map((s) => ({ instruction: `do ${s.id}`, dependsOn: [], ...s })),
  })

type Letter = {
  id: string
  consumer: string
  runId: string
  eventName: string
  reason: { code: string; message: string }
  receives: number
  at: string
}
type Run = {
  status: string
  runId: string
  output?: string
  failure?: { code: string; message: string }
  steps: { stepId: string; status: string }[]
  events: { name: string; seq: number }[]
}

describe('dead letters on the embedded runtime', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>> | undefined
  afterEach(() => chorus?.close())

  const start = async (script: Script) => {
    chorus = await startTestChorus({}, { models: makeScriptedProvider(script) })
    return chorus
  }
  const runOf = async (url: string, runId: string) => (await http(url, 'GET', `/runs/${runId}`)).json as Run
  const lettersOf = async (url: string, headers: Record<string, string> = {}) =>
    ((await http(url, 'GET', '/dead-letters', undefined, headers)).json as { deadLetters: Letter[] })
      .deadLetters

  it('shows a poisoned planner delivery to its tenant only, and a redrive after the fix finishes the run', async () => {
    let modelDown = true
    const c = await start((_, purpose) => {
      if (purpose.service === 'planner' && modelDown)
        throw new ChorusError('model.failed', 'upstream 503', { retryable: true })
      if (purpose.service === 'planner') return plan([{ id: 'write', team: 'writer' }])
      return 'the answer'
    })
    const { url } = c
    const posted = await http(
      url,
      'POST',
      '/chats/c/messages',
      { content: 'hi' },
      { prefer: 'respond-async' },
    )
    const { runId } = posted.json as { runId: string }
    await c.idle()

    // The run failed because of the letter; the letter says why.
    expect((await runOf(url, runId)).failure?.code).toBe('model.failed')
    const [letter, ...more] = await lettersOf(url)
    expect(more).toEqual([])
    expect(letter).toMatchObject({ consumer: 'planner', runId, eventName: 'RunRequested', receives: 1 })
    expect(letter?.reason).toMatchObject({ code: 'model.failed' })
    expect(letter?.reason.message).toContain('upstream 503')
    const id = letter?.id as string
    const detail = (await http(url, 'GET', `/dead-letters/${id}`)).json as Letter & {
      event: { meta: { name: string } }
    }
    expect(detail.event.meta.name).toBe('RunRequested')

    // The CLI shows the same.
    const env = { CHORUS_URL: url, CHORUS_DATA_DIR: c.dataDir }
    const ls = await runCli(['dlq', 'ls'], env)
    expect([ls.code, ls.stdout]).toEqual([0, expect.stringContaining(`${id}  planner`)])
    expect(ls.stdout).toContain('model.failed: upstream 503')
    const lsJson = await runCli(['dlq', 'ls', '--json', '--run', runId], env)
    expect((JSON.parse(lsJson.stdout) as Letter[]).map((l) => l.id)).toEqual([id])
    const show = await runCli(['dlq', 'show', id], env)
    expect(show.stdout).toContain('queue     planner')
    expect(show.stdout).toContain('"name": "RunRequested"')

    // Tenant B sees none, and A's id is nothing to B.
    const b = authHeaders(await c.credentialsFor('globex'))
    expect(await lettersOf(url, b)).toEqual([])
    for (const [method, path] of [
      ['GET', `/dead-letters/${id}`],
      ['POST', `/dead-letters/${id}/redrive`],
      ['DELETE', `/dead-letters/${id}`],
    ] as const)
      expect([method, (await http(url, method, path, undefined, b)).status]).toEqual([method, 404])
    expect((await lettersOf(url)).map((l) => l.id)).toEqual([id])

    // The cause is fixed; the redrive resumes the run with a whole model budget.
    modelDown = false
    const redrive = await runCli(['dlq', 'redrive', id], env)
    expect(redrive.code).toBe(0)
    expect(redrive.stdout).toContain(`run ${runId} resumed`)
    await c.idle()

    const run = await runOf(url, runId)
    expect([run.status, run.output, run.failure]).toEqual(['completed', 'the answer', undefined])
    expect(run.events.map((e) => e.name)).toEqual([
      'RunRequested',
      'RunFailed',
      'RunResumed',
      'PlanCreated',
      'TaskQueued',
      'StepCompleted',
      'RunCompleted',
    ])
    expect(await lettersOf(url)).toEqual([])
    const stream = await sse(url, `/runs/${runId}/events`)
    expect(stream.messages.map((m) => m.event).at(-1)).toBe('RunCompleted')
    expect(((await http(url, 'GET', `/runs/${runId}/audit`)).json as { verdict: unknown }).verdict).toEqual({
      verdict: 'match',
    })
  })

  it('resumes a fan-out from where it stopped: the sibling stopped by the failure runs again, the fixed step runs, the run completes', async () => {
    let toolDown = true
    const calls: string[] = []
    const c = await start((messages, purpose) => {
      if (purpose.service === 'planner')
        return plan([
          { id: 'facts', team: 'researcher' },
          { id: 'sources', team: 'researcher' },
          { id: 'write', team: 'writer', dependsOn: ['facts', 'sources'] },
        ])
      const step = ['facts', 'sources', 'write'].find((s) => JSON.stringify(messages).includes(`do ${s}`))
      calls.push(step ?? '?')
      if (step === 'facts' && toolDown)
        throw new ChorusError('tool.failed', 'search backend unreachable', { retryable: true })
      return `output of ${step}`
    })
    const { url } = c
    const posted = await http(
      url,
      'POST',
      '/chats/c/messages',
      { content: 'hi' },
      { prefer: 'respond-async' },
    )
    const { runId } = posted.json as { runId: string }
    await c.idle()

    const failed = await runOf(url, runId)
    expect(failed.failure?.code).toBe('queue.exhausted')
    expect(failed.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['facts', 'queued'],
      ['sources', 'aborted'],
    ])
    const [letter] = await lettersOf(url)
    expect(letter).toMatchObject({ consumer: 'workers', eventName: 'TaskQueued', receives: 5 })
    expect(letter?.reason).toMatchObject({ code: 'tool.failed', message: 'search backend unreachable' })

    toolDown = false
    const redrive = await http(url, 'POST', `/dead-letters/${letter?.id}/redrive`)
    expect(redrive.json).toMatchObject({
      deadLetter: { id: letter?.id },
      run: { runId, effect: 'resumed', status: 'running' },
    })
    await c.idle()

    const run = await runOf(url, runId)
    expect(run.status).toBe('completed')
    expect(run.output).toBe('output of write')
    expect(run.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['facts', 'completed'],
      ['sources', 'completed'],
      ['write', 'completed'],
    ])
    expect(calls.filter((s) => s === 'facts')).toHaveLength(6)
    expect(calls.filter((s) => s === 'write')).toHaveLength(1)
    // After the failure: the sibling's abort, the resumption, then (in either order) the redriven
    // step's completion and the sibling queued again and completed; then the join step.
    const names = run.events.map((e) => e.name)
    const after = names.slice(names.indexOf('RunFailed'))
    expect(after.slice(0, 3)).toEqual(['RunFailed', 'StepAborted', 'RunResumed'])
    expect(after.slice(3, -3).sort()).toEqual(['StepCompleted', 'StepCompleted', 'TaskQueued'])
    expect(after.slice(-3)).toEqual(['TaskQueued', 'StepCompleted', 'RunCompleted'])
    expect(((await http(url, 'GET', `/runs/${runId}/audit`)).json as { verdict: unknown }).verdict).toEqual({
      verdict: 'match',
    })
  })

  it('leaves a run that failed for another reason failed, says so, and discards a letter without delivering it', async () => {
    const c = await start((_, purpose) => {
      if (purpose.service === 'planner') return plan([{ id: 'write', team: 'writer' }])
      throw new ChorusError('model.failed', 'content policy refused the prompt', { retryable: false })
    })
    const { url } = c
    const posted = await http(url, 'POST', '/chats/c/messages', { content: 'hi' })
    const { runId } = posted.json as { runId: string }
    await c.idle()
    // The run failed with its step (StepFailed); a letter of it left now is not why it failed.
    const [first] = await c.stores.log.list('local', runId)
    const reason = { code: 'internal', message: 'lost', retryable: true }
    for (let n = 0; n < 2; n++) {
      const message = c.queueStore.add('planner', `local#${runId}`, first as never)
      c.queueStore.deadLetter({ ...message, receives: 5 }, reason, new Date().toISOString())
    }
    const [one, two] = await lettersOf(url)

    const redrive = await http(url, 'POST', `/dead-letters/${one?.id}/redrive`)
    expect(redrive.json).toMatchObject({
      run: { runId, effect: 'unchanged', status: 'failed', note: expect.stringContaining('model.failed') },
    })
    await c.idle()
    const run = await runOf(url, runId)
    expect([run.status, run.failure?.code]).toEqual(['failed', 'model.failed'])
    expect(run.events.map((e) => e.name)).not.toContain('RunResumed')

    const env = { CHORUS_URL: url, CHORUS_DATA_DIR: c.dataDir }
    const discard = await runCli(['dlq', 'discard', two?.id as string], env)
    expect([discard.code, discard.stdout]).toEqual([0, `discarded ${two?.id}\n`])
    expect(await lettersOf(url)).toEqual([])
    expect((await runCli(['dlq', 'show', two?.id as string], env)).code).toBe(2)
  })
})
