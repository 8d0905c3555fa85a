import { ToolMessage } from '@langchain/core/messages'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSUMERS, type Envelope } from '#events'
import { makeScriptedProvider } from '#platform/models/index.ts'
import { liveView } from '#services/audit/index.ts'
import { TeamDefinition } from '#services/workers/index.ts'
import { http, startTestChorus } from '../testing.ts'

/** Runs in the drill; `CHORUS_FAULT_RUNS` shortens it while working on it. */
const RUNS = Number(process.env.CHORUS_FAULT_RUNS ?? 100)
const JITTER_MS = 300

/** Six parallel steps (one of them an agent calling a tool) joined by a seventh: the fan-in is the hard case. */
const plan = JSON.stringify({
  goal: 'fan out six ways and join',
  steps: [
    ...['a', 'b', 'c', 'd', 'e'].map((id) => ({
      id,
      team: 'researcher',
      instruction: `part ${id}`,
      dependsOn: [],
    })),
    { id: 'f', team: 'lister', instruction: 'list the workspace', dependsOn: [] },
    { id: 'join', team: 'writer', instruction: 'join all parts', dependsOn: ['a', 'b', 'c', 'd', 'e', 'f'] },
  ],
})
const models = makeScriptedProvider((messages, purpose) => {
  if (purpose.service === 'planner') return plan
  if (purpose.tools.length > 0 && !messages.some((m) => m instanceof ToolMessage))
    return { toolCalls: [{ name: 'file__list', args: { path: '.' } }] }
  const task = String(messages.at(-1)?.content ?? '')
  return `answer(${task.length}:${task.split('\n').find((line) => line.startsWith('Task:')) ?? ''})`
})

/** A small deterministic PRNG (mulberry32): the same jitter schedule on every run of the drill. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

type Run = {
  runId: string
  status: string
  output?: string
  steps: { stepId: string; status: string; output?: { text: string } }[]
  modelCalls: unknown[]
  toolCalls: unknown[]
}
const outcome = (run: Run) => ({
  status: run.status,
  output: run.output,
  steps: run.steps.map((s) => [s.stepId, s.status, s.output?.text]).sort(),
})

describe('every event delivered twice, in shuffled order, at default settings (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    // Default queue settings: only the test's own 5 ms first back-off is left out.
    chorus = await startTestChorus({ CHORUS_QUEUE_BACKOFF_MS: '200' }, { models })
    await chorus.stores.teams.save(
      'local',
      'lister',
      TeamDefinition.parse({
        name: 'lister',
        description: 'lists files',
        shape: 'agent',
        tools: ['file.list'],
        prompt: 'Task: {{instruction}}',
        maxIterations: 3,
      }),
    )
  })
  afterAll(() => chorus.close())

  const runOnce = async (i: number) => {
    const res = await http(
      chorus.url,
      'POST',
      `/chats/dup-${i}/messages`,
      { content: 'fan out' },
      { prefer: 'respond-async' },
    )
    return (res.json as { runId: string }).runId
  }
  const view = async (runId: string) => (await http(chorus.url, 'GET', `/runs/${runId}`)).json as Run

  it(`ends ${RUNS} runs exactly as a clean run ends, with no duplicate model or tool call and no stale view`, async () => {
    const cleanId = await runOnce(-1)
    await chorus.idle()
    const clean = await view(cleanId)
    expect(clean.status).toBe('completed')

    const random = prng(20261202)
    const timers = new Set<NodeJS.Timeout>()
    for (const consumer of CONSUMERS) {
      const queue = chorus.queues[consumer]
      const send = queue.send.bind(queue)
      const twice = (event: Envelope) => {
        for (let copy = 0; copy < 2; copy++) {
          const timer = setTimeout(() => {
            timers.delete(timer)
            send(event)
          }, random() * JITTER_MS)
          timers.add(timer)
        }
      }
      queue.send = twice
      queue.dispatch = twice
    }
    const settle = async () => {
      while (timers.size > 0) await new Promise((r) => setTimeout(r, JITTER_MS))
      await chorus.idle()
      if (timers.size > 0) await settle()
    }

    const runIds = await Promise.all(Array.from({ length: RUNS }, (_, i) => runOnce(i)))
    await settle()

    const runs = await Promise.all(runIds.map(view))
    const identical = runs.filter((run) => JSON.stringify(outcome(run)) === JSON.stringify(outcome(clean)))
    const duplicateModelCalls = runs.reduce((n, r) => n + r.modelCalls.length - clean.modelCalls.length, 0)
    const duplicateToolCalls = runs.reduce((n, r) => n + r.toolCalls.length - clean.toolCalls.length, 0)
    // A view is stale when what the API shows disagrees with the run's log: its status, or a step's.
    let staleViews = 0
    for (const run of runs) {
      const live = liveView(run.runId, await chorus.stores.log.list('local', run.runId))?.state
      const shown = Object.fromEntries(run.steps.map((step) => [step.stepId, step.status]))
      const logged = Object.fromEntries(
        Object.entries(live?.steps ?? {}).map(([id, step]) => [id, step.status]),
      )
      if (live?.status !== run.status || JSON.stringify(shown) !== JSON.stringify(logged)) staleViews++
    }
    const deadLetters = CONSUMERS.reduce((n, c) => n + chorus.queues[c].deadLetters.length, 0)
    process.stdout.write(
      `duplicates drill: ${RUNS} runs, every event twice with 0-${JITTER_MS} ms jitter: ` +
        `${identical.length} identical to a clean run, ${duplicateModelCalls} duplicate model calls, ` +
        `${duplicateToolCalls} duplicate tool calls, ${staleViews} stale views, ${deadLetters} dead letters\n`,
    )
    expect(identical).toHaveLength(RUNS)
    expect(duplicateModelCalls).toBe(0)
    expect(duplicateToolCalls).toBe(0)
    expect(staleViews).toBe(0)
    expect(deadLetters).toBe(0)
  }, 600_000)
})
