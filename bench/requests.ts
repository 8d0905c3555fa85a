import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeFileBlobStore } from '#platform/blobs/index.ts'
import { makeDynamoCheckpointSaver } from '#platform/checkpoint/index.ts'
import { countStoreRequests, type RequestCounts, requestsBetween } from '#platform/store/request-counter.ts'
import { startTestTable } from '#platform/store/testing.ts'
import { type BenchChorus, progress, sendChat, startBenchChorus } from './chorus-harness.ts'
import { median } from './measure.ts'
import type { BenchOptions } from './options.ts'
import { interruptResumeChain } from './reference-graphs.ts'
import { format, type Row } from './table.ts'

const FIGURE = '1 requests'

/** Requests per added step: (requests of the long run − requests of the short run) ÷ the added steps. */
interface PerStep {
  writes: number
  reads: number
  /** Writes and reads of a run beyond its steps' share. */
  fixedWrites: number
  fixedReads: number
  byCommand: Record<string, number>
}

const perStep = (short: RequestCounts[], long: RequestCounts[], steps: BenchOptions['requests']): PerStep => {
  const added = steps.longSteps - steps.shortSteps
  const writes = median(long.map((l, i) => (l.writes - (short[i]?.writes ?? 0)) / added))
  const reads = median(long.map((l, i) => (l.reads - (short[i]?.reads ?? 0)) / added))
  const commands = new Set(long.flatMap((l) => Object.keys(l.byCommand)))
  const byCommand = Object.fromEntries(
    [...commands].map((c) => [
      c,
      median(long.map((l, i) => ((l.byCommand[c] ?? 0) - (short[i]?.byCommand[c] ?? 0)) / added)),
    ]),
  )
  return {
    writes,
    reads,
    fixedWrites: median(short.map((s) => s.writes)) - steps.shortSteps * writes,
    fixedReads: median(short.map((s) => s.reads)) - steps.shortSteps * reads,
    byCommand,
  }
}

/** One run on the embedded runtime, counted from the chat request until every queue is idle again. */
const countRun = async (
  chorus: BenchChorus,
  counter: ReturnType<typeof countStoreRequests>,
  steps: number,
) => {
  await chorus.idle()
  const before = counter.read()
  await sendChat(chorus, steps, 'async')
  await chorus.idle()
  return requestsBetween(before, counter.read())
}

/** The same difference for the supervisor's graph pattern alone on the DynamoDB checkpoint saver. */
const countSaverAlone = async (steps: BenchOptions['requests']) => {
  const env = await startTestTable()
  const counter = countStoreRequests(env.client)
  const blobRoot = mkdtempSync(join(tmpdir(), 'chorus-bench-blobs-'))
  const saver = makeDynamoCheckpointSaver({ table: env.table, blobs: makeFileBlobStore({ root: blobRoot }) })
  const count = async (n: number) => {
    const before = counter.read()
    await interruptResumeChain(n, saver).run()
    return requestsBetween(before, counter.read())
  }
  try {
    return perStep([await count(steps.shortSteps)], [await count(steps.longSteps)], steps)
  } finally {
    await env.close()
    rmSync(blobRoot, { recursive: true, force: true })
  }
}

/** Figure 2 of the brief (issue 13, deliverable 1): storage requests per completed step, end to end. */
export const measureRequests = async (options: BenchOptions): Promise<Row[]> => {
  const { shortSteps, longSteps, repeats } = options.requests
  progress(`requests: ${repeats} × (a ${shortSteps}-step run, a ${longSteps}-step run), one at a time`)
  const chorus = await startBenchChorus()
  const counter = countStoreRequests(chorus.storeClient)
  const short: RequestCounts[] = []
  const long: RequestCounts[] = []
  try {
    await countRun(chorus, counter, shortSteps) // the first run of a process also fills caches
    for (let i = 0; i < repeats; i++) {
      short.push(await countRun(chorus, counter, shortSteps))
      long.push(await countRun(chorus, counter, longSteps))
    }
  } finally {
    await chorus.close()
  }
  const ours = perStep(short, long, options.requests)
  const saver = await countSaverAlone(options.requests)
  progress(
    `requests: ${format(ours.writes)} writes + ${format(ours.reads)} reads per step, ` +
      `${format(ours.fixedWrites)} + ${format(ours.fixedReads)} fixed per run; by command ${JSON.stringify(ours.byCommand)}`,
  )
  const how = `(${longSteps}-step run − ${shortSteps}-step run) ÷ ${longSteps - shortSteps}`
  const saverText = (kind: 'writes' | 'reads') =>
    `the checkpoint saver alone (compilePlan pattern): ${format(saver[kind])} ${kind}`
  return [
    {
      figure: FIGURE,
      measure: `storage writes per completed step, end to end, ${how}`,
      value: ours.writes,
      unit: 'writes',
      target: { op: '≤', value: 6 },
      reference: saverText('writes'),
      ratio: `${format(ours.writes / saver.writes)}× the saver`,
      detail: { requestsPerStepByCommand: ours.byCommand, saverAlone: saver },
    },
    {
      figure: FIGURE,
      measure: `storage reads per completed step, end to end, ${how}`,
      value: ours.reads,
      unit: 'reads',
      target: { op: '≤', value: 4 },
      reference: saverText('reads'),
      ratio: `${format(ours.reads / saver.reads)}× the saver`,
    },
    {
      figure: FIGURE,
      measure: `storage writes per run beyond its steps (and ${format(ours.fixedReads)} reads)`,
      value: ours.fixedWrites,
      unit: 'writes',
    },
  ]
}
