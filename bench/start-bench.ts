import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** One start measured `runs` times: wall milliseconds until ready (or until exit for a command). */
export interface StartFigures {
  label: string
  /** The goal from issue 13, when this line has one. */
  targetMs?: number
  medianMs: number
  minMs: number
  maxMs: number
}

const ROOT = join(import.meta.dirname, '..')
const NODE = join(ROOT, 'node_modules', '.bin', 'node')
const READY = 'Stop with Ctrl-C'

/** Wall ms from spawn to `ready` on stdout (or to exit when undefined); the process group is killed after. */
const once = async (command: string[], options: { ready?: string; env?: Record<string, string> }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chorus-start-bench-'))
  const [file = NODE, ...args] = command
  const started = process.hrtime.bigint()
  const child = spawn(file, args, {
    cwd: ROOT,
    detached: true,
    env: {
      ...process.env,
      CHORUS_DATA_DIR: dataDir,
      CHORUS_PORT: '0',
      CHORUS_LOG_LEVEL: 'error',
      ...options.env,
    },
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const ready = options.ready
  const reached = await new Promise<boolean>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (ready && output.includes(ready)) resolve(true)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    void exited.then((code) => resolve(!ready && code === 0))
  })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM')
  await exited
  rmSync(dataDir, { recursive: true, force: true })
  if (!reached)
    throw new Error(`${command.join(' ')} did not ${ready ? 'become ready' : 'succeed'}:\n${output}`)
  return ms
}

const measure = async (
  label: string,
  command: string[],
  options: { runs: number; ready?: string; env?: () => Record<string, string>; targetMs?: number },
): Promise<StartFigures> => {
  const times: number[] = []
  for (let i = 0; i < options.runs; i++) times.push(await once(command, { ...options, env: options.env?.() }))
  times.sort((a, b) => a - b)
  return {
    label,
    ...(options.targetMs ? { targetMs: options.targetMs } : {}),
    medianMs: times[Math.floor(times.length / 2)] ?? Number.NaN,
    minMs: times[0] ?? Number.NaN,
    maxMs: times.at(-1) ?? Number.NaN,
  }
}

/** A fresh V8 compile cache directory: the first start after an install. */
const coldCache = () => ({ NODE_COMPILE_CACHE: mkdtempSync(join(tmpdir(), 'chorus-cold-cache-')) })

/**
 * Start times of the local server and the CLI as a user meets them (`npx chorus`, `npm start` runs
 * `node cli/bin.js start`), the compiled build against TypeScript compiled at start by tsx (how
 * Chorus started before), with npx and Node themselves as references.
 */
export const measureStart = async ({ runs = 5 } = {}): Promise<StartFigures[]> => {
  await once([NODE, 'cli/bin.js', '--help'], {}) // builds dist/ if stale, warms the compile cache
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  return [
    await measure('server ready: node cli/bin.js start', [NODE, 'cli/bin.js', 'start'], {
      runs,
      ready: READY,
      targetMs: 2000,
    }),
    await measure('server ready: npm start', ['npm', 'start'], { runs, ready: READY, targetMs: 2000 }),
    await measure('server ready, cold compile cache', [NODE, 'cli/bin.js', 'start'], {
      runs,
      ready: READY,
      env: coldCache,
    }),
    await measure('reference: server ready through tsx (before)', [NODE, tsx, 'runtime/local/main.ts'], {
      runs,
      ready: READY,
    }),
    await measure('npx chorus --help', ['npx', 'chorus', '--help'], { runs, targetMs: 400 }),
    await measure('node cli/bin.js --help', [NODE, 'cli/bin.js', '--help'], { runs }),
    await measure('reference: --help through tsx (before)', [NODE, tsx, 'cli/run.ts', '--help'], { runs }),
    // npm exec running a shell no-op: npx's own start, with no package or bin to resolve.
    await measure('reference: npx -c true (npx itself)', ['npx', '-c', 'true'], { runs }),
    await measure('reference: npx node -e 0', ['npx', 'node', '-e', '0'], { runs }),
    await measure('reference: node -e 0', [NODE, '-e', '0'], { runs }),
  ]
}

/** The figures as a table: median, min and max of each line, and its target. */
export const printStart = (figures: StartFigures[], runs: number) => {
  const print = (line = '') => process.stdout.write(`${line}\n`)
  print(`== start (wall ms, ${runs} runs each, fresh data directory each run) ==`)
  print(`${'measure'.padEnd(48)} ${'median'.padStart(7)} ${'min'.padStart(7)} ${'max'.padStart(7)}  target`)
  for (const f of figures) {
    const verdict = f.targetMs ? `≤ ${f.targetMs} ${f.medianMs <= f.targetMs ? 'met' : 'MISSED'}` : ''
    print(
      `${f.label.padEnd(48)} ${f.medianMs.toFixed(0).padStart(7)} ${f.minMs.toFixed(0).padStart(7)} ${f.maxMs
        .toFixed(0)
        .padStart(7)}  ${verdict}`,
    )
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.env.START_BENCH_RUNS ?? 5)
  printStart(await measureStart({ runs }), runs)
}
