import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Stack } from 'aws-cdk-lib'
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs'
import { describe, expect, it } from 'vitest'
import { LAMBDA_ENTRIES } from '../config/lambda-entries.ts'
import { bundledEntry } from '../constructs/chorus-function.ts'
import { testApp } from '../testing/synth.ts'

/** Imports a bundle in a fresh Node (the version Lambda runs) and lists its exports, or the load error. */
const loadBundle = (file: string): string =>
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import(${JSON.stringify(file)}).then((m) => console.log(Object.keys(m).join(',')), (e) => console.log('FAILED ' + e.message))`,
    ],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } },
  ).trim()

// One entry per kind: the consumers share `consumers/consumer.ts`, the API groups `api/group.ts`; the
// sweeper; the API's authorizer.
const ENTRIES = [
  LAMBDA_ENTRIES.consumer('planner'),
  LAMBDA_ENTRIES.api('chats'),
  LAMBDA_ENTRIES.sweeper,
  LAMBDA_ENTRIES.authorizer,
]

describe('Lambda bundles', () => {
  it('bundles entries with esbuild, without Docker, into modules that load in Node and export handler', () => {
    // Prepare
    const app = testApp({ bundle: true })
    const stack = new Stack(app, 'Bundles', { env: { region: 'eu-west-1' } })
    ENTRIES.forEach((entry, i) => {
      new NodejsFunction(stack, `Fn${i}`, bundledEntry(entry, entry))
    })

    // Act
    const { directory } = app.synth()
    const bundles = readdirSync(directory)
      .filter((name) => name.startsWith('asset.'))
      .map((name) => join(directory, name, 'index.mjs'))

    // Assess
    expect(bundles).toHaveLength(ENTRIES.length)
    for (const bundle of bundles) {
      expect(existsSync(bundle), bundle).toBe(true)
      expect(loadBundle(bundle), bundle).toBe('handler')
    }
  }, 120_000)
})
