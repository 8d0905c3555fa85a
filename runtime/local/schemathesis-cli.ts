import { execFile, execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The schemathesis release the API fuzz test runs: pinned, because its generated cases (and so
 * the test's outcome) depend on the version.
 */
export const SCHEMATHESIS_VERSION = '4.32.5'

/** A private virtual environment for schemathesis (`.ci/run` makes the same one). */
export const LOCAL_SCHEMATHESIS_VENV = resolve('.chorus/schemathesis-venv')

const cli = join(LOCAL_SCHEMATHESIS_VENV, 'bin', 'schemathesis')

const installedVersion = (): string | undefined => {
  if (!existsSync(cli)) return undefined
  try {
    return /version (\S+)/.exec(execFileSync(cli, ['--version'], { encoding: 'utf8' }))?.[1]
  } catch {
    return undefined
  }
}

/**
 * The path of the pinned schemathesis CLI, installed from PyPI into {@link LOCAL_SCHEMATHESIS_VENV}
 * first when it is missing or another version (needs python3 >= 3.10 and access to PyPI).
 */
export const ensureSchemathesis = (log: (line: string) => void): string => {
  if (installedVersion() === SCHEMATHESIS_VERSION) return cli
  log(`installing schemathesis==${SCHEMATHESIS_VERSION} into ${LOCAL_SCHEMATHESIS_VENV} (once)`)
  execFileSync('python3', ['-m', 'venv', LOCAL_SCHEMATHESIS_VENV], { stdio: 'inherit' })
  execFileSync(
    join(LOCAL_SCHEMATHESIS_VENV, 'bin', 'pip'),
    ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`],
    { stdio: 'inherit' },
  )
  const version = installedVersion()
  if (version !== SCHEMATHESIS_VERSION)
    throw new Error(`schemathesis ${SCHEMATHESIS_VERSION} did not install (found ${version ?? 'nothing'})`)
  return cli
}

/** What `schemathesis run --report json` writes: the counts the test asserts on. */
export interface SchemathesisReport {
  exit_code: number
  complete: boolean
  operations: { total: number; selected: number; tested: number; errored: number; skipped: number }
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number }
  failures: unknown[]
  errors: unknown[]
}

/**
 * Runs the CLI without blocking the event loop (the API under test may live in this process) and
 * resolves with its exit code and output, whatever the exit code.
 */
export const runSchemathesis = (command: string, args: readonly string[], cwd: string) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      command,
      args,
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        // Straight to the loopback server, whatever proxy the machine sets.
        env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0
        resolve({ code: Number.isFinite(code) ? code : 1, output: `${stdout}${stderr}` })
      },
    )
  })
