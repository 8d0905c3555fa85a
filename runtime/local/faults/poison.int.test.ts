import type { BaseMessage } from '@langchain/core/messages'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChorusError } from '#platform/errors/index.ts'
import { makeScriptedProvider } from '#platform/models/index.ts'
import { http, startTestChorus } from '../testing.ts'

const HEALTHY = 8
const POISON = 4
const plan = (request: string) =>
  JSON.stringify({
    goal: request,
    steps: [
      { id: 'gather', team: 'researcher', instruction: request, dependsOn: [] },
      { id: 'write', team: 'writer', instruction: 'write it up', dependsOn: ['gather'] },
    ],
  })
const text = (messages: BaseMessage[]) => messages.map((m) => String(m.content)).join('\n')

/** A model that fails, retryably, every step of a request that says "poison". */
const models = makeScriptedProvider((messages, purpose) => {
  const all = text(messages)
  if (purpose.service === 'planner') return plan(all.includes('poison') ? 'poison' : 'healthy')
  if (all.includes('poison'))
    throw new ChorusError('model.failed', 'the model is down for this request', { retryable: true })
  return `answer ${all.length}`
})

type Run = { status: string; failure?: { code: string; message: string } }
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

describe('poison runs beside healthy ones (embedded runtime, default settings)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    chorus = await startTestChorus({ CHORUS_QUEUE_BACKOFF_MS: '200' }, { models })
  })
  afterAll(() => chorus.close())

  /** Posts a chat and resolves with the run and how long it took to end (its end seen on the bus, not by polling). */
  const timedRun = async (content: string, i: number) => {
    const started = performance.now()
    let runId = ''
    const early = new Map<string, number>()
    let resolveEnd: (ms: number) => void = () => {}
    const ended = new Promise<number>((resolve) => (resolveEnd = resolve))
    const unsubscribe = chorus.bus.subscribe((event) => {
      if (event.meta.name !== 'RunCompleted' && event.meta.name !== 'RunFailed') return
      if (event.meta.runId === runId) resolveEnd(performance.now() - started)
      else early.set(event.meta.runId, performance.now() - started)
    })
    const res = await http(
      chorus.url,
      'POST',
      `/chats/p-${i}/messages`,
      { content },
      { prefer: 'respond-async' },
    )
    runId = (res.json as { runId: string }).runId
    const seen = early.get(runId)
    if (seen !== undefined) resolveEnd(seen)
    const ms = await ended
    unsubscribe()
    const run = (await http(chorus.url, 'GET', `/runs/${runId}`)).json as Run
    return { run, ms }
  }

  it('fails every poison run with its reason and completes every healthy one beside them', async () => {
    // A first round warms the process (module loading, JIT); its times are not compared.
    await Promise.all(Array.from({ length: HEALTHY }, (_, i) => timedRun('healthy', 400 + i)))
    const alone = await Promise.all(Array.from({ length: HEALTHY }, (_, i) => timedRun('healthy', i)))
    const mixed = await Promise.all([
      ...Array.from({ length: POISON }, (_, i) => timedRun('poison', 100 + i)),
      ...Array.from({ length: HEALTHY }, (_, i) => timedRun('healthy', 200 + i)),
    ])
    // The same number of extra runs, healthy: what any neighbours cost on this machine, poison or not.
    const crowded = await Promise.all(
      Array.from({ length: HEALTHY + POISON }, (_, i) => timedRun('healthy', 500 + i)),
    )
    // Alone again: the store grows as the drill goes, so the baseline is taken before and after.
    const aloneAfter = await Promise.all(
      Array.from({ length: HEALTHY }, (_, i) => timedRun('healthy', 300 + i)),
    )
    const poisoned = mixed.slice(0, POISON)
    const healthy = mixed.slice(POISON)
    const baseline = (median(alone.map((r) => r.ms)) + median(aloneAfter.map((r) => r.ms))) / 2
    const beside = median(healthy.map((r) => r.ms))
    const besideHealthy = median(crowded.slice(POISON).map((r) => r.ms))
    const slower = (ms: number) => `${(((ms - baseline) / baseline) * 100).toFixed(0)}% slower`
    process.stdout.write(
      `poison drill: healthy median ${median(alone.map((r) => r.ms)).toFixed(0)} ms alone before, ` +
        `${median(aloneAfter.map((r) => r.ms)).toFixed(0)} ms alone after, ${beside.toFixed(0)} ms beside ` +
        `${POISON} poison runs (${slower(beside)}), ${besideHealthy.toFixed(0)} ms beside ${POISON} more ` +
        `healthy runs (${slower(besideHealthy)}); ` +
        `${poisoned.filter((r) => r.run.status === 'failed').length} of ${POISON} poison runs failed with a reason\n`,
    )
    for (const { run } of poisoned) {
      expect(run.status).toBe('failed')
      expect(run.failure?.message).toContain('the model is down for this request')
    }
    for (const { run } of [...alone, ...healthy, ...crowded, ...aloneAfter])
      expect(run.status).toBe('completed')
  }, 120_000)
})
