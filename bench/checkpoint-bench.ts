import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint'
import { newId } from '#events'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { makeDynamoCheckpointSaver } from '#platform/checkpoint/index.ts'
import { startTestTable } from '#platform/store/testing.ts'
import { chainGraph, type OutputsField, STEPS } from './chain-graph.ts'
import { FullSnapshotSaver } from './full-snapshot-saver.ts'
import { type Meter, minus, startMeter, type Totals } from './meter.ts'
import { printReport, type RunFigures } from './report.ts'

/** Output sizes the bench runs with: a short result, and a paragraph of model text. */
const OUTPUT_SIZES = [256, 1024]

/**
 * `npm run bench`: bytes and DynamoDB write requests per step of a 200-step run on embedded
 * DynamoDB, for the saver with three channel designs against a full-snapshot baseline. Prints
 * figures only; nothing is asserted.
 */
const main = async () => {
  const env = await startTestTable()
  const meter = startMeter(env.client)
  const blobRoot = mkdtempSync(join(tmpdir(), 'chorus-bench-blobs-'))
  const blobs = meter.meterBlobs(makeFileBlobStore({ root: blobRoot }))
  const ours = () => makeDynamoCheckpointSaver({ table: env.table, blobs })
  const baseline = () => new FullSnapshotSaver(env.table)
  try {
    for (const outputBytes of OUTPUT_SIZES) {
      const runs: RunFigures[] = []
      const run = async (label: string, field: OutputsField, saver: () => BaseCheckpointSaver) => {
        runs.push(await measureRun(meter, { label, field, outputBytes }, saver))
      }
      await run('baseline: full snapshot per step, one list', { kind: 'list' }, baseline)
      await run('DynamoCheckpointSaver, one list (rewritten each step)', { kind: 'list' }, ours)
      await run(
        'DynamoCheckpointSaver, DeltaValue (no snapshot in the run)',
        { kind: 'delta', snapshotFrequency: 1000 },
        ours,
      )
      await run(
        'DynamoCheckpointSaver, DeltaValue, snapshot every 50',
        { kind: 'delta', snapshotFrequency: 50 },
        ours,
      )
      printReport(outputBytes, runs)
    }
  } finally {
    await env.close()
    rmSync(blobRoot, { recursive: true, force: true })
  }
}

/** Runs the chain once; a step's figures are the traffic between two consecutive checkpoint puts. */
const measureRun = async (
  meter: Meter,
  run: { label: string; field: OutputsField; outputBytes: number },
  makeSaver: () => BaseCheckpointSaver,
): Promise<RunFigures> => {
  const saver = makeSaver()
  const byStep = new Map<number, Totals>()
  const put = saver.put.bind(saver)
  let previous = meter.read()
  saver.put = async (config, checkpoint, metadata, newVersions) => {
    const result = await put(config, checkpoint, metadata, newVersions)
    const now = meter.read()
    byStep.set(metadata.step, minus(now, previous))
    previous = now
    return result
  }
  const config = { configurable: { thread_id: `bench-${newId()}` }, recursionLimit: STEPS * 2 }
  const start = meter.read()
  await chainGraph(run.field, saver, run.outputBytes).invoke({}, { ...config, durability: 'sync' })
  const total = minus(meter.read(), start)

  // What a resume pays: a fresh process loading the state at the last step.
  const beforeLoad = meter.read()
  const state = await chainGraph(run.field, makeSaver(), run.outputBytes).getState(config)
  if (state.values.outputs.length !== STEPS) throw new Error(`${run.label}: the state lost outputs`)
  return { label: run.label, byStep, total, load: minus(meter.read(), beforeLoad) }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String((error as Error)?.stack ?? error)}\n`)
  process.exit(1)
})
