import { progress, runChains, startBenchChorus } from './chorus-harness.ts'
import { pool, type Timing, timed } from './measure.ts'
import type { BenchOptions } from './options.ts'
import { interruptResumeChain, memorySaver, officialSqliteSaver, plainChain } from './reference-graphs.ts'
import { format, type Row } from './table.ts'

/** Steps of every run in this figure. */
const STEPS = 5
const FIGURE = '4 throughput'

interface Rate {
  stepsPerSecond: number
  cpuMsPerStep: number
}

const rateOf = (runs: number, timing: Timing): Rate => ({
  stepsPerSecond: (runs * STEPS) / (timing.wallMs / 1000),
  cpuMsPerStep: timing.cpuMs / (runs * STEPS),
})

/** Untimed runs first, so every contender is measured with its code compiled by the JIT. */
const warmUpRuns = (runs: number) => Math.max(2, Math.round(runs / 20))

/** A reference graph run `runs` times, `inFlight` at a time, in this process. */
const measureGraph = async (
  label: string,
  run: () => Promise<void>,
  options: BenchOptions,
): Promise<Rate> => {
  await pool(warmUpRuns(options.throughputRuns), options.inFlight, run)
  const timing = await timed(() => pool(options.throughputRuns, options.inFlight, run))
  const rate = rateOf(options.throughputRuns, timing)
  progress(
    `throughput: ${label}: ${format(rate.stepsPerSecond)} steps/s, ${format(rate.cpuMsPerStep)} CPU-ms/step`,
  )
  return rate
}

/**
 * The better of two measurements, one before Chorus and one after: on a shared machine, load from
 * elsewhere only ever slows a measurement down, and the references take seconds where Chorus takes
 * minutes, so one unlucky window would flatter the ratio.
 */
const best = (a: Rate, b: Rate): Rate => ({
  stepsPerSecond: Math.max(a.stepsPerSecond, b.stepsPerSecond),
  cpuMsPerStep: Math.min(a.cpuMsPerStep, b.cpuMsPerStep),
})

/**
 * Chorus on the embedded runtime: runs of a 5-step chain submitted through the async chat route
 * (`Prefer: respond-async`, so HTTP, the planner and the run start are part of what is measured),
 * `inFlight` unfinished at a time, a run's end seen on the bus; timed until every queue is idle.
 */
const measureChorus = async (options: BenchOptions): Promise<Rate> => {
  const chorus = await startBenchChorus()
  try {
    const run = { steps: STEPS, inFlight: options.inFlight }
    await runChains(chorus, { ...run, total: warmUpRuns(options.throughputRuns) })
    await chorus.idle()
    const every = Math.max(1, Math.round(options.throughputRuns / 10))
    const timing = await timed(async () => {
      await runChains(chorus, {
        ...run,
        total: options.throughputRuns,
        onRunEnded: (n) =>
          n % every === 0 && progress(`throughput: Chorus ${n}/${options.throughputRuns} runs`),
      })
      await chorus.idle()
    })
    const rate = rateOf(options.throughputRuns, timing)
    progress(
      `throughput: Chorus: ${format(rate.stepsPerSecond)} steps/s, ${format(rate.cpuMsPerStep)} CPU-ms/step`,
    )
    return rate
  } finally {
    await chorus.close()
  }
}

/** Figure 1 of the brief (issue 13, deliverable 4): steps per second and CPU per step, with the references. */
export const measureThroughput = async (options: BenchOptions): Promise<Row[]> => {
  const runs = `${options.throughputRuns} runs × ${STEPS} steps, ${options.inFlight} in flight`
  progress(`throughput: ${runs}`)
  const references = async () => {
    const plainRate = await measureGraph(
      'plain LangGraph + MemorySaver',
      plainChain(STEPS, memorySaver()).run,
      options,
    )
    const patternRate = await measureGraph(
      'compilePlan interrupt/resume + MemorySaver',
      interruptResumeChain(STEPS, memorySaver()).run,
      options,
    )
    const sqlite = await officialSqliteSaver()
    if ('missing' in sqlite) progress(`throughput: official SQLite saver left out: ${sqlite.missing}`)
    const officialRate =
      'saver' in sqlite
        ? await measureGraph(
            'plain LangGraph + official SQLite saver',
            plainChain(STEPS, sqlite.saver).run,
            options,
          )
        : undefined
    return { plainRate, patternRate, officialRate }
  }
  const before = await references()
  const chorus = await measureChorus(options)
  const after = await references()
  const plain = best(before.plainRate, after.plainRate)
  const pattern = best(before.patternRate, after.patternRate)
  const official =
    before.officialRate && after.officialRate ? best(before.officialRate, after.officialRate) : undefined

  const slower = (reference: Rate) => reference.stepsPerSecond / chorus.stepsPerSecond
  const vs = (reference: Rate) => `Chorus ${format(slower(reference))}× slower`
  return [
    {
      figure: FIGURE,
      measure: `steps/s, embedded, async chat route (${runs})`,
      value: chorus.stepsPerSecond,
      unit: 'steps/s',
      target: { op: '≥', value: 300 },
      reference: `plain LangGraph 5-node chain + MemorySaver: ${format(plain.stepsPerSecond)} steps/s (best of before and after Chorus)`,
      ratio: vs(plain),
    },
    {
      figure: FIGURE,
      measure: 'plain LangGraph + MemorySaver steps/s ÷ Chorus steps/s',
      value: slower(plain),
      unit: '×',
      target: { op: '≤', value: 10 },
    },
    {
      figure: FIGURE,
      measure: 'CPU per step (process.cpuUsage)',
      value: chorus.cpuMsPerStep,
      unit: 'ms',
      reference: `plain LangGraph: ${format(plain.cpuMsPerStep)} ms; compilePlan pattern: ${format(pattern.cpuMsPerStep)} ms`,
      ratio: `${format(chorus.cpuMsPerStep / plain.cpuMsPerStep)}× plain`,
    },
    {
      figure: FIGURE,
      measure: 'reference: compilePlan interrupt/resume + MemorySaver',
      value: pattern.stepsPerSecond,
      unit: 'steps/s',
      reference: 'the supervisor’s graph and calls, no store, no queues',
      ratio: vs(pattern),
    },
    official
      ? {
          figure: FIGURE,
          measure: 'reference: plain LangGraph + official SQLite saver',
          value: official.stepsPerSecond,
          unit: 'steps/s',
          ratio: vs(official),
        }
      : {
          figure: FIGURE,
          measure: 'reference: plain LangGraph + official SQLite saver',
          value: Number.NaN,
          unit: '',
          reference: 'not measured: @langchain/langgraph-checkpoint-sqlite is not installed',
        },
  ]
}
