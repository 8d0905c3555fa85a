import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { join } from 'node:path'

/** A `chorus start` in a child process, as an operator runs it: to be killed for real. */
export interface ChildChorus {
  url: string
  /** The dev credentials the first start printed. */
  credentials?: { token: string; apiKey: string }
  process: ChildProcess
  output: () => string
  /** `kill -9`: no shutdown code runs. */
  crash: () => Promise<void>
  stop: () => Promise<void>
}

const nodeBin = join(process.cwd(), 'node_modules', '.bin', 'node')

/** Starts `chorus start` on `dataDir`; resolves once it listens, or rejects with its output if it exits first. */
export const startChildChorus = async (
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildChorus> => {
  const child = spawn(nodeBin, ['cli/bin.js', 'start'], {
    env: { ...process.env, CHORUS_DATA_DIR: dataDir, CHORUS_PORT: '0', CHORUS_LOG_LEVEL: 'error', ...env },
  })
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString()
  })
  const exited = once(child, 'exit')
  await new Promise<void>((resolve, reject) => {
    const ready = () => out.includes('Stop with Ctrl-C') && resolve()
    child.stdout.on('data', ready)
    void exited.then(([code]) => reject(new ChildExited(Number(code), out)))
  })
  const token = /CHORUS_TOKEN=(\S+)/.exec(out)?.[1]
  const apiKey = /CHORUS_API_KEY=(\S+)/.exec(out)?.[1]
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal)
      await exited
    }
  }
  return {
    url: /running at (\S+)/.exec(out)?.[1] ?? '',
    ...(token && apiKey ? { credentials: { token, apiKey } } : {}),
    process: child,
    output: () => out,
    crash: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  }
}

/** The child stopped before it was ready: its exit code and everything it printed. */
export class ChildExited extends Error {
  constructor(
    readonly code: number,
    readonly output: string,
  ) {
    super(`chorus start exited with ${code}: ${output}`)
  }
}
