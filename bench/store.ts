import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { progress } from './chorus-harness.ts'
import type { BenchOptions } from './options.ts'
import { format, type Row } from './table.ts'

const FIGURE = '2 store engine'
const SCRIPT = join(import.meta.dirname, 'store-bench.ts')

/** Runs `store-bench.ts` (the store engines compared request by request) as it runs alone; its stdout. */
const runStoreBench = async (scale: number): Promise<string> => {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT], {
    cwd: join(import.meta.dirname, '..'),
    env: { ...process.env, CHORUS_BENCH_SCALE: String(scale) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n'))
      if (line.trim() && !line.includes('ExperimentalWarning')) progress(`store: ${line.trim()}`)
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`store-bench.ts exited with ${code}`)
  return stdout
}

/** The cells of the Markdown table lines whose second cell is a number (`1,234`, `+56 MB`, `7.0×`). */
const numericLines = (markdown: string): string[][] =>
  markdown
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .filter((cells) => Number.isFinite(numberOf(cells[1] ?? '')))

const numberOf = (cell: string) => Number.parseFloat(cell.replace(/[,+]/g, ''))

/**
 * Issue 13, deliverable 2: the embedded store engine against dynalite, from `store-bench.ts` (owned by
 * the store's work; run as it is, its Markdown read back): CPU per request of each request kind, and
 * RSS growth over 5,000 partition queries. A missing script is a row saying so.
 */
export const measureStore = async (options: BenchOptions): Promise<Row[]> => {
  if (!existsSync(SCRIPT))
    return [
      {
        figure: FIGURE,
        measure: 'embedded engine against dynalite',
        value: Number.NaN,
        unit: '',
        reference: 'not measured: bench/store-bench.ts is not in this checkout',
      },
    ]
  progress(`store: bench/store-bench.ts at scale ${options.scale}, in a process of its own`)
  const lines = numericLines(await runStoreBench(options.scale))
  const requests = lines.filter((cells) => cells.length === 6)
  const memory = lines.filter((cells) => cells.length === 4)
  const embeddedRss = memory.find((cells) => cells[0] === 'embedded')
  const dynaliteRss = memory.find((cells) => cells[0] === 'dynalite')
  if (requests.length === 0 || !embeddedRss || !dynaliteRss)
    throw new Error('store-bench.ts printed tables this bench does not know')
  return [
    ...requests.map(
      ([name = '', embeddedRate = '', dynaliteRate = '', embeddedCpu = '', dynaliteCpu = '']) => ({
        figure: FIGURE,
        measure: `${name}: CPU per request, embedded SQLite engine in process (${embeddedRate} req/s, sequential)`,
        value: numberOf(embeddedCpu),
        unit: 'µs',
        reference: `dynalite over loopback HTTP: ${dynaliteCpu} µs (${dynaliteRate} req/s)`,
        ratio: `1/${format(numberOf(dynaliteCpu) / numberOf(embeddedCpu))} of dynalite`,
      }),
    ),
    {
      figure: FIGURE,
      measure: `RSS growth over 5,000 partition queries, embedded engine (${embeddedRss[1]} → ${embeddedRss[2]})`,
      value: numberOf(embeddedRss[3] ?? ''),
      unit: 'MB',
      reference: `dynalite: ${dynaliteRss[1]} → ${dynaliteRss[2]} (${dynaliteRss[3]})`,
    },
  ]
}
