import { progress } from './chorus-harness.ts'
import type { BenchOptions } from './options.ts'
import { measureStart, type StartFigures } from './start-bench.ts'
import { format, type Row } from './table.ts'

const FIGURE = '7 start'

const versusTsx = (tsxMs: number, ms: number) =>
  tsxMs >= ms ? `${format(tsxMs / ms)}× faster than tsx` : `${format(ms / tsxMs)}× slower than tsx`

/** Figure 6 of the brief (issue 13, deliverable 7): server ready and `--help`, from `start-bench.ts`. */
export const measureStartRows = async (options: BenchOptions): Promise<Row[]> => {
  progress(`start: each start ${options.startRuns} times (median), fresh data directory each time`)
  const figures = await measureStart({ runs: options.startRuns })
  const find = (label: string) => figures.find((f) => f.label === label)
  const ms = (f: StartFigures | undefined) => (f ? `${format(f.medianMs)} ms` : 'n/a')
  const tsxServer = find('reference: server ready through tsx (before)')
  const tsxHelp = find('reference: --help through tsx (before)')
  const npx = find('reference: npx -c true (npx itself)')
  const npxNode = find('reference: npx node -e 0')
  const node = find('reference: node -e 0')
  const referenceOf = (f: StartFigures) =>
    f.label.startsWith('server ready')
      ? { text: `through tsx (before dist/): ${ms(tsxServer)}`, base: tsxServer }
      : {
          text: `through tsx: ${ms(tsxHelp)}; npx -c true: ${ms(npx)}; npx node -e 0: ${ms(npxNode)}; node -e 0: ${ms(node)}`,
          base: tsxHelp,
        }
  return figures
    .filter((f) => !f.label.startsWith('reference:'))
    .map((f) => {
      const reference = referenceOf(f)
      return {
        figure: FIGURE,
        measure: `${f.label} (median of ${options.startRuns}; min ${format(f.minMs)}, max ${format(f.maxMs)})`,
        value: f.medianMs,
        unit: 'ms',
        ...(f.targetMs ? { target: { op: '≤' as const, value: f.targetMs } } : {}),
        reference: reference.text,
        ...(f.label.startsWith('npx') && npx
          ? {
              ratio:
                f.medianMs >= npx.medianMs
                  ? `${format(f.medianMs - npx.medianMs)} ms more than npx itself`
                  : `${format(npx.medianMs - f.medianMs)} ms less than npx itself (noise: npx's own start dominates)`,
            }
          : reference.base
            ? { ratio: versusTsx(reference.base.medianMs, f.medianMs) }
            : {}),
      }
    })
}
