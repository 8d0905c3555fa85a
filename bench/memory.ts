import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { progress } from './chorus-harness.ts'
import type { MemoryFigures } from './memory-child.ts'
import type { BenchOptions } from './options.ts'
import { format, type Row } from './table.ts'

const FIGURE = '6 memory, disk'

/** Runs `memory-child.ts` in a process of its own (so nothing else of the bench is in its RSS). */
const runChild = async (): Promise<MemoryFigures> => {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(import.meta.dirname, 'memory-child.ts')],
    { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
  })
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  if (code !== 0) throw new Error(`the memory bench exited with ${code}`)
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as MemoryFigures
}

/** Figure 5 of the brief (issue 13, deliverable 6): RSS growth over runs and disk per run. */
export const measureMemory = async (options: BenchOptions): Promise<Row[]> => {
  const { firstRuns, lastRuns } = options.memory
  progress(`memory: RSS after ${firstRuns} and after ${lastRuns} runs of 5 steps, in a process of its own`)
  const m = await runChild()
  const diskPerRunKb = (m.diskLastKb - m.diskFirstKb) / (m.lastRuns - m.firstRuns)
  const mbText = (n: number) => `${Math.round(n)} MB`
  return [
    {
      figure: FIGURE,
      measure:
        `RSS after ${lastRuns} runs ÷ after ${firstRuns} (${mbText(m.rssFirstMb)} → ${mbText(m.rssLastMb)}; ` +
        `heap ${mbText(m.heapFirstMb)} → ${mbText(m.heapLastMb)}, after a GC)`,
      value: m.rssLastMb / m.rssFirstMb,
      unit: '×',
      target: { op: '≤', value: 1.3 },
    },
    {
      figure: FIGURE,
      measure:
        `disk per 5-step run, du of the data dir from run ${firstRuns} to ${lastRuns} ` +
        `(${format(m.diskLastKb / 1024)} MB after ${lastRuns} runs, ${format(m.diskStartKb / 1024)} MB empty)`,
      value: diskPerRunKb,
      unit: 'KB',
      target: { op: '≤', value: 50 },
    },
  ]
}
