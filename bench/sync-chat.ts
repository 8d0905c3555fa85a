import { type BenchChorus, progress, sendChat, startBenchChorus } from './chorus-harness.ts'
import { median, percentile, pool } from './measure.ts'
import type { BenchOptions } from './options.ts'
import { interruptResumeChain, memorySaver } from './reference-graphs.ts'
import { format, type Row } from './table.ts'

const STEPS = 3
const FIGURE = '5 sync chat'

/**
 * Client-side wall ms of each sync chat (a 3-step plan answered in the same request), `inFlight` at a
 * time. A chat that runs out of the sync budget (202) is timed until its run ends.
 */
const latencies = async (chorus: BenchChorus, chats: number, inFlight: number) => {
  const ms: number[] = []
  let accepted = 0
  await pool(chats, inFlight, async () => {
    const started = performance.now()
    if ((await sendChat(chorus, STEPS, 'sync')) === 'accepted') accepted += 1
    ms.push(performance.now() - started)
  })
  await chorus.idle()
  if (accepted > 0)
    progress(`sync chat: ${accepted} of ${chats} ran out of the sync budget (202), timed to their run's end`)
  return ms
}

/** Wall ms of one run of the supervisor's graph pattern alone (no store, no queues, no HTTP). */
const patternMs = async (runs: number) => {
  const chain = interruptResumeChain(STEPS, memorySaver())
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await chain.run()
    ms.push(performance.now() - started)
  }
  return median(ms.slice(Math.min(5, runs - 1)))
}

/** Figure 3 of the brief (issue 13, deliverable 5): sync chat latency, sequential and concurrent. */
export const measureSyncChat = async (options: BenchOptions): Promise<Row[]> => {
  const { chats, inFlight } = options
  progress(`sync chat: ${chats} chats of a ${STEPS}-step plan, sequential, then ${inFlight} concurrent`)
  const chorus = await startBenchChorus()
  let sequential: number[]
  let concurrent: number[]
  try {
    await latencies(chorus, Math.max(3, Math.round(chats / 20)), 1) // warm-up
    sequential = await latencies(chorus, chats, 1)
    progress(
      `sync chat: sequential p50 ${format(median(sequential))} ms, p99 ${format(percentile(sequential, 99))} ms`,
    )
    concurrent = await latencies(chorus, chats, inFlight)
    progress(
      `sync chat: concurrent p50 ${format(median(concurrent))} ms, p99 ${format(percentile(concurrent, 99))} ms`,
    )
  } finally {
    await chorus.close()
  }
  const floor = await patternMs(50)
  const reference = `one run of the compilePlan pattern + MemorySaver: ${format(floor)} ms`
  const row = (measure: string, value: number, target?: number): Row => ({
    figure: FIGURE,
    measure: `${measure} (${chats} chats, ${STEPS}-step plan, offline model)`,
    value,
    unit: 'ms',
    ...(target ? { target: { op: '≤', value: target } } : {}),
    reference,
    ratio: `${format(value / floor)}× the pattern`,
  })
  return [
    row('p50, sequential', median(sequential)),
    row('p99, sequential', percentile(sequential, 99), 50),
    row(`p50, ${inFlight} concurrent`, median(concurrent)),
    row(`p99, ${inFlight} concurrent`, percentile(concurrent, 99), 200),
  ]
}
