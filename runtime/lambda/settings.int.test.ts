import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

/** Invokes a consumer's Lambda entry point with no records in a fresh process: its container starts first. */
const coldStart = (env: Record<string, string>) =>
  promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      "const { handler } = await import('./runtime/lambda/consumers/planner.ts'); await handler({ Records: [] })",
    ],
    {
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('CHORUS_'))),
        CHORUS_TABLE_NAME: 'chorus',
        CHORUS_EVENT_BUS_NAME: 'chorus-bus',
        CHORUS_BUCKET_NAME: 'chorus-blobs',
        ...env,
      },
    },
  ).then(
    () => undefined,
    (error: { code: number; stderr: string }) => error,
  )

describe('settings of the AWS runtime, validated at the start of a Lambda container', () => {
  it('fails the cold start naming a bad core setting the AWS runtime used to drop', async () => {
    const failure = await coldStart({ CHORUS_AUDIT_SIGNING_KEY: 'short' })
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toContain(
      'invalid AWS configuration: CHORUS_AUDIT_SIGNING_KEY: must be at least 16 characters',
    )
  }, 60_000)
})
