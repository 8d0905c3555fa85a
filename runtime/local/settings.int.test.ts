import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/** The environment of a child process without this one's Chorus settings. */
const cleanEnv = () =>
  Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CHORUS_')))

describe('settings of the embedded runtime, validated at start', () => {
  it('stops `chorus start` naming a bad core setting (the planner step limit)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chorus-bad-setting-'))
    try {
      const node = join(process.cwd(), 'node_modules', '.bin', 'node')
      const failure = await promisify(execFile)(node, ['cli/bin.js', 'start'], {
        env: { ...cleanEnv(), CHORUS_DATA_DIR: dataDir, CHORUS_PORT: '0', CHORUS_PLANNER_MAX_STEPS: '50' },
      }).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stderr).toContain('chorus failed to start: config.invalid')
      expect(failure?.stderr).toMatch(/CHORUS_PLANNER_MAX_STEPS: Too big/)
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})
