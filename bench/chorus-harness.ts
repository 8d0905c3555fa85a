import { request } from 'node:http'
import { newId, RunCompleted, RunFailed } from '#events'
import type { Bus } from '#platform/bus/index.ts'
import { makeScriptedProvider } from '#platform/models/index.ts'
import { authHeaders, startTestChorus } from '../runtime/local/testing.ts'
import { pool } from './measure.ts'

/** A chain of `steps` steps (each depends on the one before), alternating the two `llm` demo teams. */
export const chainPlan = (steps: number) =>
  JSON.stringify({
    goal: `a ${steps}-step chain`,
    steps: Array.from({ length: steps }, (_, i) => ({
      id: `s${i + 1}`,
      team: i % 2 === 0 ? 'researcher' : 'writer',
      instruction: `step ${i + 1} of the chain`,
      dependsOn: i === 0 ? [] : [`s${i}`],
    })),
  })

/** The request a chat sends: the scripted planner reads the step count out of it. */
export const chainRequest = (steps: number) => `bench: plan a chain, steps=${steps}`

/**
 * A deterministic model that answers at once, so what is measured is Chorus: the planner gets a
 * chain of the length the request names, a step gets a short fixed answer.
 */
const benchModels = makeScriptedProvider((messages, purpose) => {
  if (purpose.service === 'workers') return 'done: a short step output of the bench'
  const text = messages.map((m) => String(m.content)).join('\n')
  const steps = Number(/\bsteps=(\d+)/.exec(text)?.[1] ?? 5)
  return chainPlan(steps)
})

/**
 * The embedded runtime in this process, on a fresh data directory on disk (as `npm start` runs),
 * with the scripted model and the product's queue settings (tests shorten the back-offs; the
 * bench does not). Plans of up to 20 steps are allowed.
 */
export const startBenchChorus = async () => {
  const chorus = await startTestChorus(
    {
      CHORUS_QUEUE_BACKOFF_MS: '200',
      CHORUS_MODEL_RETRY_BACKOFF_MS: '500',
      CHORUS_PLANNER_MAX_STEPS: '20',
      CHORUS_LOG_LEVEL: 'error',
    },
    { models: benchModels },
  )
  const waiter = watchRunEnds(chorus.bus)
  return {
    ...chorus,
    ended: waiter.ended,
    close: async () => {
      waiter.stop()
      await chorus.close()
    },
  }
}
export type BenchChorus = Awaited<ReturnType<typeof startBenchChorus>>

/** Resolves when a run ends (RunCompleted) and rejects when it fails, from the bus: no polling load. */
const watchRunEnds = (bus: Pick<Bus, 'subscribe'>) => {
  const outcomes = new Map<string, { failed: boolean; message: string }>()
  const waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void }>()
  const settle = (runId: string) => {
    const outcome = outcomes.get(runId)
    const waiter = waiting.get(runId)
    if (!outcome || !waiter) return
    outcomes.delete(runId)
    waiting.delete(runId)
    if (outcome.failed) waiter.reject(new Error(`bench run ${runId} failed: ${outcome.message}`))
    else waiter.resolve()
  }
  const stop = bus.subscribe((event) => {
    if (RunCompleted.is(event)) outcomes.set(event.meta.runId, { failed: false, message: '' })
    else if (RunFailed.is(event))
      outcomes.set(event.meta.runId, {
        failed: true,
        message: `${event.data.reason.code}: ${event.data.reason.message}`,
      })
    else return
    settle(event.meta.runId)
  })
  return {
    stop,
    ended: (runId: string) =>
      new Promise<void>((resolve, reject) => {
        waiting.set(runId, { resolve, reject })
        settle(runId)
      }),
  }
}

/**
 * POSTs JSON with the dev credentials on a connection of its own (`agent: false`): a kept-alive
 * socket the server closes while a lane waits for its run would fail the next request.
 */
const post = (chorus: BenchChorus, path: string, body: unknown, headers: Record<string, string>) =>
  new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const req = request(
      `${chorus.url}${path}`,
      {
        method: 'POST',
        agent: false,
        headers: { ...authHeaders(chorus.auth.credentials), 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : {} }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })

/** How a chat was answered: at once with the run (`completed`), or `accepted` (202) and followed to its end. */
export type Answer = 'completed' | 'accepted'

/**
 * Sends one chat message for a chain of `steps` on a new chat and resolves once its run has ended.
 * `respond-async` asks for the 202 at once; a sync chat whose budget runs out answers 202 too, and
 * is then followed to its end on the bus, as a client would follow it.
 */
export const sendChat = async (
  chorus: BenchChorus,
  steps: number,
  mode: 'sync' | 'async',
): Promise<Answer> => {
  const response = await post(
    chorus,
    `/chats/bench-${newId().toLowerCase()}/messages`,
    { content: chainRequest(steps) },
    mode === 'async' ? { prefer: 'respond-async' } : {},
  )
  const body = response.json as { runId?: string; status?: string }
  if (response.status === 202 && body.runId) {
    await chorus.ended(body.runId)
    return 'accepted'
  }
  if (response.status === 200 && body.status === 'completed' && body.runId) {
    // The run has ended; its RunCompleted is on the bus, so the waiter settles at once.
    await chorus.ended(body.runId)
    return 'completed'
  }
  throw new Error(`chat answered ${response.status}: ${JSON.stringify(body)}`)
}

/** Runs `total` async chats of `steps` steps, `inFlight` unfinished at a time; resolves when all have ended. */
export const runChains = async (
  chorus: BenchChorus,
  options: { total: number; steps: number; inFlight: number; onRunEnded?: (ended: number) => void },
) => {
  let ended = 0
  let answeredInFull = 0
  await pool(options.total, options.inFlight, async () => {
    if ((await sendChat(chorus, options.steps, 'async')) === 'completed') answeredInFull += 1
    ended += 1
    options.onRunEnded?.(ended)
  })
  if (answeredInFull > 0)
    progress(
      `${answeredInFull} of ${options.total} respond-async chats were answered 200 with the run, not 202`,
    )
}

/** Progress on stderr (the table goes to stdout). */
export const progress = (line: string) =>
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`)
