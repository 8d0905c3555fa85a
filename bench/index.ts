import { join } from 'node:path'
import { measureCheckpointBytes } from './checkpoint-bytes.ts'
import { progress } from './chorus-harness.ts'
import { measureConsole } from './console.ts'
import { measureMemory } from './memory.ts'
import { type BenchOptions, type Figure, loadBenchOptions } from './options.ts'
import { measureRequests } from './requests.ts'
import { measureStartRows } from './start.ts'
import { measureStore } from './store.ts'
import { measureSyncChat } from './sync-chat.ts'
import { machine, type Row, renderTable, writeResults } from './table.ts'
import { measureThroughput } from './throughput.ts'

/** Each figure's module, in table order. */
const MODULES: Record<Figure, (options: BenchOptions) => Promise<Row[]>> = {
  throughput: measureThroughput,
  requests: measureRequests,
  store: measureStore,
  sync: measureSyncChat,
  checkpoint: measureCheckpointBytes,
  memory: measureMemory,
  start: measureStartRows,
  console: measureConsole,
}

const RESULTS = join(import.meta.dirname, 'results', 'latest.json')

/**
 * `npm run bench`: every figure of issue 13 with its target and its references measured in the same
 * run, as one Markdown table on stdout (progress on stderr), also written to bench/results/latest.json.
 * A figure that fails is a row saying so; the others still run, and the exit code is 1.
 */
const main = async () => {
  const options = loadBenchOptions()
  const where = machine()
  progress(`scale ${options.scale}, figures ${options.figures.join(', ')}; ${where.cpu}, Node ${where.node}`)
  const rows: Row[] = []
  let failed = false
  for (const figure of options.figures) {
    const started = performance.now()
    try {
      rows.push(...(await MODULES[figure](options)))
    } catch (error) {
      failed = true
      progress(`${figure} failed: ${(error as Error).stack ?? String(error)}`)
      rows.push({
        figure,
        measure: 'the figure failed',
        value: Number.NaN,
        unit: '',
        reference: String(error),
      })
    }
    progress(`${figure}: ${((performance.now() - started) / 1000).toFixed(0)} s`)
  }
  const caption =
    `Chorus bench, ${where.date.slice(0, 10)}: ${where.cpu}, ${where.memoryGiB} GiB, ${where.platform}, ` +
    `Node ${where.node}, scale ${options.scale}`
  process.stdout.write(`${caption}\n\n${renderTable(rows)}`)
  writeResults(RESULTS, { ...where, options, caption, rows })
  progress(`written to ${RESULTS}`)
  if (failed) process.exitCode = 1
}

await main()
