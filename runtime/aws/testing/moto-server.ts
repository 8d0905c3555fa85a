import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** How to get moto server on a machine that lacks it; every failure to start says this. */
export const MOTO_INSTALL_HINT =
  'The AWS-mode tests need moto server: install it with `python3 -m pip install "moto[server]>=5.1.10"` ' +
  '(Python >= 3.10), so that `python3` can import it.'

export interface MotoServer {
  /** `http://127.0.0.1:<port>`: point every SDK client here (any region, fake credentials). */
  endpoint: string
  stop(): Promise<void>
}

/** A private virtual environment for moto, made by `installMotoLocally` when none is on the PATH. */
export const LOCAL_MOTO_VENV = resolve('.chorus/moto-venv')

/** Our launcher of moto's application: one lock around DynamoDB requests, as DynamoDB is atomic per request. */
const STRICT = fileURLToPath(new URL('./moto_strict.py', import.meta.url))

const COMMANDS: readonly [string, string[]][] = [
  ['python3', [STRICT]],
  [join(LOCAL_MOTO_VENV, 'bin', 'python'), [STRICT]],
]

/**
 * Installs moto server from PyPI into {@link LOCAL_MOTO_VENV} (needs python3 >= 3.10 and access to
 * PyPI), so `npm test` works on a machine where nobody installed moto by hand.
 */
export const installMotoLocally = (log: (line: string) => void): void => {
  log(`moto server not found: installing "moto[server]>=5.1.10" into ${LOCAL_MOTO_VENV} (once)`)
  execFileSync('python3', ['-m', 'venv', LOCAL_MOTO_VENV], { stdio: 'inherit' })
  execFileSync(join(LOCAL_MOTO_VENV, 'bin', 'pip'), ['install', '--quiet', 'moto[server]>=5.1.10'], {
    stdio: 'inherit',
  })
}

const LISTENING = /Running on (http:\/\/127\.0\.0\.1:\d+)/

/** Spawns one candidate command on a free loopback port; resolves with its endpoint once it prints it. */
const spawnOne = (command: string, args: string[], timeoutMs: number) =>
  new Promise<{ child: ChildProcess; endpoint: string }>((resolve, reject) => {
    const child = spawn(command, [...args, '-H', '127.0.0.1', '-p', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    })
    let output = ''
    const timer = setTimeout(() => fail(new Error(`no "Running on" line within ${timeoutMs} ms`)), timeoutMs)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${command} ${args.join(' ')}: ${error.message}\n${output.slice(-2000)}`))
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = LISTENING.exec(output)
      if (!match?.[1]) return
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      child.stderr?.off('data', onData)
      // Keep draining the pipes so moto never blocks on a full buffer.
      child.stdout?.resume()
      child.stderr?.resume()
      resolve({ child, endpoint: match[1] })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', fail)
    child.once('exit', (code) => fail(new Error(`exited with code ${code}`)))
  })

/** Waits until the server answers its own API (it prints its address a moment before it serves). */
const waitUntilAnswering = async (endpoint: string, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`)
      await response.body?.cancel()
      if (response.ok) return
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`moto at ${endpoint} did not answer within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Starts moto server on 127.0.0.1 with a port of its choosing (through `moto_strict.py`, with the
 * python3 on the PATH, else the private venv's), waits until it answers, and returns its endpoint and a stop function.
 * Throws with {@link MOTO_INSTALL_HINT} when neither command can start it.
 */
export const startMotoServer = async (options: { timeoutMs?: number } = {}): Promise<MotoServer> => {
  const timeoutMs = options.timeoutMs ?? 30_000
  const failures: string[] = []
  for (const [command, args] of COMMANDS) {
    try {
      const { child, endpoint } = await spawnOne(command, args, timeoutMs)
      child.removeAllListeners('exit')
      await waitUntilAnswering(endpoint, timeoutMs)
      return {
        endpoint,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            child.once('exit', () => resolve())
            child.kill('SIGTERM')
            setTimeout(() => child.kill('SIGKILL'), 2000).unref()
          }),
      }
    } catch (error) {
      failures.push((error as Error).message)
    }
  }
  throw new Error(`${MOTO_INSTALL_HINT}\nAttempts:\n${failures.join('\n')}`)
}
