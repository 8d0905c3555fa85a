import { execFileSync } from 'node:child_process'
import { progress, runChains, startBenchChorus } from './chorus-harness.ts'
import { loadBenchOptions } from './options.ts'

/** What the child reports on its last stdout line. */
export interface MemoryFigures {
  firstRuns: number
  lastRuns: number
  rssFirstMb: number
  rssLastMb: number
  heapFirstMb: number
  heapLastMb: number
  diskStartKb: number
  diskFirstKb: number
  diskLastKb: number
}

const STEPS = 5
const mb = (bytes: number) => bytes / 2 ** 20
/** Kilobytes the data directory takes on disk, as `du` counts them. */
const du = (dir: string) => Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0])

/** Memory after a collection (the parent runs this file with --expose-gc). */
const memory = () => {
  globalThis.gc?.()
  const { rss, heapUsed } = process.memoryUsage()
  return { rss: mb(rss), heap: mb(heapUsed) }
}

/**
 * A process of its own for figure 5: the embedded runtime on a data directory on disk runs
 * `firstRuns`, then up to `lastRuns` 5-step runs; RSS, heap and `du` of the data directory are
 * read at the start and after each batch.
 */
const main = async () => {
  const options = loadBenchOptions()
  const { firstRuns, lastRuns } = options.memory
  const chorus = await startBenchChorus()
  try {
    const diskStartKb = du(chorus.dataDir)
    const every = Math.max(1, Math.round(lastRuns / 10))
    const batch = (total: number) =>
      runChains(chorus, {
        total,
        steps: STEPS,
        inFlight: options.inFlight,
        onRunEnded: (n) =>
          n % every === 0 && progress(`memory: ${n} more runs, RSS ${Math.round(memory().rss)} MB`),
      })
    await batch(firstRuns)
    await chorus.idle()
    const first = memory()
    const diskFirstKb = du(chorus.dataDir)
    progress(`memory: after ${firstRuns} runs RSS ${Math.round(first.rss)} MB, data dir ${diskFirstKb} KB`)
    await batch(lastRuns - firstRuns)
    await chorus.idle()
    const last = memory()
    const figures: MemoryFigures = {
      firstRuns,
      lastRuns,
      rssFirstMb: first.rss,
      rssLastMb: last.rss,
      heapFirstMb: first.heap,
      heapLastMb: last.heap,
      diskStartKb,
      diskFirstKb,
      diskLastKb: du(chorus.dataDir),
    }
    process.stdout.write(`${JSON.stringify(figures)}\n`)
  } finally {
    await chorus.close()
  }
}

await main()
