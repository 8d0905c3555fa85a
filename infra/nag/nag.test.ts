import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'
import { describe, expect, it } from 'vitest'
import { addChorusStage } from '../app/chorus-stage.ts'
import { STAGES, type StageConfig, stageConfig } from '../config/stages.ts'
import { testApp } from '../testing/synth.ts'
import { NAG_PACK } from './acknowledge.ts'

interface Violation {
  ruleName: string
  severity: string
  violatingConstructs: { constructPath: string }[]
}

/** A stage checked by cdk-nag's AwsSolutions pack as `bin/app.ts` does; the report, and what threw. */
const checkStage = (stage: StageConfig) => {
  const app = testApp()
  addChorusStage(app, stage)
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  let error: unknown
  try {
    app.synth()
  } catch (thrown) {
    error = thrown
  }
  const reportPath = join(app.outdir, 'validation-report.json')
  const reported = existsSync(reportPath)
  const report = reported
    ? (JSON.parse(readFileSync(reportPath, 'utf8')) as {
        pluginReports: { violations: Violation[]; suppressedViolations: Violation[] }[]
      })
    : { pluginReports: [] }
  const [plugin] = report.pluginReports
  return {
    app,
    error,
    reported,
    violations: plugin?.violations ?? [],
    acknowledged: plugin?.suppressedViolations ?? [],
  }
}

/** Every acknowledgement recorded on the construct tree (metadata `{ [id]: reason }`), at its path. */
const acknowledgements = (root: IConstruct) =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  )

// Env-agnostic (`npm run synth` without credentials) and with an account (the CLI's), as deployed.
const CHECKED = [
  ...Object.keys(STAGES).map((name) => [`the ${name} stage`, stageConfig(name)] as const),
  ['the dev stage in an account', stageConfig('dev', { account: '123456789012' })] as const,
]

describe.each(CHECKED)('cdk-nag AwsSolutions on %s', (_label, stage) => {
  const checked = checkStage(stage)

  it('synthesizes with no unacknowledged finding', () => {
    expect(checked.reported).toBe(true)
    const open = checked.violations.map(
      (v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath)}`,
    )
    expect(open).toEqual([])
    expect(checked.error).toBeUndefined()
  })

  it('acknowledges each finding on its construct, with the AwsSolutions prefix and a reason', () => {
    const acks = acknowledgements(checked.app)
    expect(acks.length).toBeGreaterThan(0)
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(new RegExp(`^${NAG_PACK}::${NAG_PACK}-`))
      expect(ack.reason.trim().length, `${ack.id} at ${ack.path}`).toBeGreaterThanOrEqual(20)
    }
  })

  it('leaves no acknowledgement unused', () => {
    const used = new Set(checked.acknowledged.map((v) => `${NAG_PACK}::${v.ruleName}`))
    const unused = acknowledgements(checked.app).filter((ack) => !used.has(ack.id))
    expect(unused.map((a) => `${a.id} at ${a.path}`)).toEqual([])
  })
})
