import { execFile } from 'node:child_process'
import { delimiter, join, sep } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ROOT } from './build.js'

const run = promisify(execFile)

/**
 * The PATH a user's shell has: without the `node_modules/.bin` folders npm puts first while it runs
 * this test, so `npx` and `node` are the system's own (Node 20 on the CI machine, 22+ elsewhere).
 */
const userPath = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => !dir.includes(`${sep}node_modules${sep}`))
  .join(delimiter)

describe('a calm first run', () => {
  it('`npx chorus --help` on the system Node prints the help and no npm warning', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: userPath }
    for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key]
    const system = (await run('node', ['--version'], { env })).stdout.trim()
    const { stdout, stderr } = await run('npx', ['chorus', '--help'], { cwd: ROOT, env })
    expect(stdout, `system Node ${system}`).toContain('chorus — talk to a Chorus API')
    expect(stderr, `system Node ${system}`).not.toMatch(/EBADENGINE|npm warn/i)
  }, 60_000)

  it('tells npm which install scripts may run, so an install does not stop to ask', async () => {
    const { stdout } = await run('npm', ['install-scripts', 'ls'], {
      cwd: ROOT,
      env: { ...process.env, PATH: userPath },
    }).catch((error: { stdout?: string; stderr?: string }) => ({
      stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }))
    // Older npm versions have no such command; where it exists nothing is left unreviewed.
    if (/Unknown command|not a valid command/i.test(stdout)) return
    expect(stdout).toContain('No packages with unreviewed install scripts')
  }, 60_000)

  it('ends `npm ci` with one line naming the Node that runs Chorus', async () => {
    const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'node'), ['scripts/installed.js'], {
      cwd: ROOT,
      env: { ...process.env, npm_config_user_agent: 'npm/11.0.0 node/v20.1.0 linux x64' },
    })
    expect(stdout).toMatch(
      /^chorus: installed\. npm scripts and npx chorus run on Node v2\d\.\d+\.\d+ \(the node dev dependency\); npm itself ran on the system's Node v20\.1\.0\.\n$/,
    )
  })
})
