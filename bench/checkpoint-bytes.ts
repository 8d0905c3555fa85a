import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BaseCheckpointSaver, Command } from '@langchain/langgraph'
import { newId } from '#events'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { makeDynamoCheckpointSaver } from '#platform/checkpoint/index.ts'
import { startTestTable } from '#platform/store/testing.ts'
import { compilePlan, waitingSteps } from '#services/supervisor/graph/compile-plan.ts'
import { progress } from './chorus-harness.ts'
import { FullSnapshotSaver } from './full-snapshot-saver.ts'
import { type Meter, minus, startMeter, type Totals } from './meter.ts'
import type { BenchOptions } from './options.ts'
import { chainPlanOf } from './reference-graphs.ts'
import { format, type Row } from './table.ts'

const FIGURE = '3 checkpoint bytes'
/**
 * A step's output: a paragraph of plain prose, like a model's answer (1,080 bytes). Real text rather
 * than a repeated phrase, because the saver compresses large payloads and a repeated phrase would
 * compress far better than an answer does (this one deflates to about half).
 */
const OUTPUT = [
  'The quarterly figures show revenue up eleven percent against the same period last year, driven',
  'mostly by the two new regions that opened in spring. Costs rose faster than planned: freight',
  'prices doubled between April and June, and the warehouse in Lyon needed an unscheduled repair',
  'of its cooling system. Margins therefore fell from 31 to 28 percent. Customer churn improved for',
  'the third quarter in a row, which the support team attributes to the faster first response and',
  'to the rewritten onboarding guide. Three risks stand out for the next quarter. First, the supplier',
  'contract for packaging expires in October and the only competing offer is nine percent dearer.',
  'Second, two senior engineers leave in September, and hiring has not yet found replacements.',
  'Third, the currency hedge covers only half of the expected dollar income. The recommendation is',
  'to renegotiate the packaging contract now, to bring forward the hiring budget, and to extend the',
  'hedge to three quarters of expected income. None of these needs board approval. A short summary',
  'for the board follows in the next step, with the tables attached as an appendix for reference.',
].join(' ')
/** The step whose bytes are the baseline of the growth ratio. */
const EARLY_STEP = 10

/** What the saver stores: DynamoDB item size of the writes plus blob-store bytes. */
const stored = (t: Totals) => t.storedBytes + t.blobBytes

/**
 * Runs a chain plan through the graph `compilePlan` builds, the way the supervisor drives it (a
 * compile and state read per event, resume by interrupt id), and meters each event: `byStep[k]` is
 * what handling the completion of step k wrote (its resume, up to the next step's interrupt).
 * The plan has one step more than measured, so the last measured step is a step in the middle of a
 * run like the early one (a run's final step writes no next interrupt, which would flatter it);
 * `total` is what the run had stored when its `steps`-th step was handled.
 */
const runPlan = async (meter: Meter, saver: BaseCheckpointSaver<string | number>, steps: number) => {
  const plan = chainPlanOf(steps + 1)
  const config = { configurable: { thread_id: `bench-${newId()}` } }
  const byStep: Totals[] = []
  const start = meter.read()
  await compilePlan(plan, saver).invoke({}, config)
  for (let step = 1; step <= steps; step++) {
    const before = meter.read()
    const graph = compilePlan(plan, saver)
    const [waiting] = waitingSteps(await graph.getState(config))
    if (!waiting) throw new Error(`step ${step} is not waiting`)
    await graph.invoke(new Command({ resume: { [waiting.interruptId]: { text: OUTPUT } } }), config)
    byStep[step] = minus(meter.read(), before)
  }
  return { byStep, total: minus(meter.read(), start) }
}

/** Figure 4 of the brief (issue 13, deliverable 3): checkpoint bytes per step on the supervisor's real graph. */
export const measureCheckpointBytes = async (options: BenchOptions): Promise<Row[]> => {
  const steps = options.checkpointSteps
  progress(
    `checkpoint bytes: a ${steps}-step chain through compilePlan's graph, ours and a full snapshot per step`,
  )
  const env = await startTestTable()
  const meter = startMeter(env.client)
  const blobRoot = mkdtempSync(join(tmpdir(), 'chorus-bench-blobs-'))
  try {
    const blobs = meter.meterBlobs(makeFileBlobStore({ root: blobRoot }))
    const ours = await runPlan(meter, makeDynamoCheckpointSaver({ table: env.table, blobs }), steps)
    progress('checkpoint bytes: DynamoCheckpointSaver done, now the full-snapshot saver')
    const full = await runPlan(meter, new FullSnapshotSaver(env.table), steps)
    const at = (run: typeof ours, step: number) => {
      const totals = run.byStep[step]
      if (!totals) throw new Error(`no figures for step ${step}`)
      return stored(totals)
    }
    const early = at(ours, EARLY_STEP)
    const late = at(ours, steps)
    const kb = (bytes: number) => `${format(bytes / 1024)} KB`
    const perStep = `${kb(early)} at step ${EARLY_STEP}, ${kb(late)} at step ${steps}`
    return [
      {
        figure: FIGURE,
        measure: `bytes per step, step ${steps} ÷ step ${EARLY_STEP} (compilePlan graph, ${OUTPUT.length}-byte outputs): ${perStep}`,
        value: late / early,
        unit: '×',
        target: { op: '≤', value: 1.2 },
        reference: `full snapshot per step: ${kb(at(full, EARLY_STEP))} → ${kb(at(full, steps))}`,
        ratio: `${format(at(full, steps) / at(full, EARLY_STEP))}× for the full snapshot`,
      },
      {
        figure: FIGURE,
        measure: `${steps}-step run: full-snapshot saver total ÷ ours (${kb(stored(ours.total))} stored)`,
        value: stored(full.total) / stored(ours.total),
        unit: '×',
        target: { op: '≥', value: 20 },
        reference: `full snapshot per step: ${kb(stored(full.total))}`,
        ratio: `ours is 1/${format(stored(full.total) / stored(ours.total))}`,
      },
    ]
  } finally {
    await env.close()
    rmSync(blobRoot, { recursive: true, force: true })
  }
}
