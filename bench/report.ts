import { STEPS } from './chain-graph.ts'
import type { Totals } from './meter.ts'

/** One measured run. */
export interface RunFigures {
  label: string
  /** Traffic per checkpoint step (metadata.step), from the previous checkpoint's put to this one's. */
  byStep: Map<number, Totals>
  total: Totals
  /** Traffic of loading the final state in a fresh process. */
  load: Totals
}

const SAMPLE_STEPS = [10, 100, STEPS]
const print = (line = '') => process.stdout.write(`${line}\n`)
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const wire = (t: Totals) => t.writeBytes + t.blobBytes
const stored = (t: Totals) => t.storedBytes + t.blobBytes
const ratio = (a: number, b: number) => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`)

/** Prints one output size's runs; ratios are against the first run (the baseline). */
export const printReport = (outputBytes: number, runs: RunFigures[]) => {
  const baseline = runs[0]
  if (!baseline) return
  print(`== ${STEPS}-step run, each step appends a ${outputBytes}-byte output (embedded store) ==`)
  print('wire = DynamoDB write request bodies as sent; stored = DynamoDB item size written (what WCUs bill);')
  print('both include blob-store bytes. Requests = write calls per step.')
  print()
  for (const run of runs) {
    print(run.label)
    for (const step of SAMPLE_STEPS) {
      const at = run.byStep.get(step)
      if (!at) continue
      print(
        `  step ${String(step).padStart(3)}: wire ${kb(wire(at)).padStart(8)}  stored ${kb(stored(at)).padStart(8)}  ` +
          `${at.writeRequests} write requests`,
      )
    }
    const first = run.byStep.get(10)
    const last = run.byStep.get(STEPS)
    if (first && last)
      print(
        `  step ${STEPS} vs step 10: wire ${ratio(wire(last), wire(first))}, stored ${ratio(stored(last), stored(first))}`,
      )
    print(
      `  total: wire ${kb(wire(run.total))}, stored ${kb(stored(run.total))}, ${run.total.writeRequests} write requests` +
        (run === baseline
          ? ''
          : `  (1/${(wire(baseline.total) / wire(run.total)).toFixed(1)} of the baseline wire, ` +
            `1/${(stored(baseline.total) / stored(run.total)).toFixed(1)} stored)`),
    )
    print(`  loading the state at step ${STEPS} in a new process: ${run.load.readRequests} read requests`)
    print()
  }
}
