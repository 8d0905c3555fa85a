import { describe, expect, it } from 'vitest'
import { anchorRule } from '#events'
import { stageConfig } from '../config/stages.ts'
import {
  actionsOf,
  arnOf,
  logicalIdOf,
  resourcesOf,
  statementsOfRole,
  synthStage,
  type TemplateStatement,
} from '../testing/synth.ts'

type KeyPolicy = { Statement: (TemplateStatement & { Principal?: unknown })[] }

describe('audit stack: run anchors outside the table (ADR 0026)', () => {
  const dev = synthStage()
  const template = dev.templates.audit
  const audit = dev.stacks.audit
  const signerRole = logicalIdOf(audit, audit.anchoring.role)
  const keyId = logicalIdOf(audit, audit.key)
  const key = resourcesOf(template, 'AWS::KMS::Key').find(([id]) => id === keyId)?.[1]
  const policy = key?.Properties.KeyPolicy as KeyPolicy

  it('signs with an asymmetric ECC_NIST_P256 key used for SIGN_VERIFY only', () => {
    expect(
      resourcesOf(template, 'AWS::KMS::Key').filter(([, k]) => k.Properties.KeyUsage === 'SIGN_VERIFY'),
    ).toHaveLength(1)
    expect(key?.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })
  })

  it('lets the anchoring role alone kms:Sign: allowed to it, denied to every other principal', () => {
    const signs = policy.Statement.filter((s) => actionsOf(s).some((a) => a === 'kms:Sign' || a === 'kms:*'))
    const allows = signs.filter((s) => s.Effect === 'Allow')
    expect(allows).toHaveLength(1)
    expect(allows[0]?.Principal).toEqual({ AWS: arnOf(signerRole) })
    const denies = signs.filter((s) => s.Effect === 'Deny')
    expect(denies).toEqual([
      expect.objectContaining({
        Principal: { AWS: '*' },
        Action: 'kms:Sign',
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': arnOf(signerRole) } },
      }),
    ])
    // The account administers the key but is never given a use of it (no kms:*, no Sign, no Verify).
    const admin = policy.Statement.find((s) => s.Sid === 'KeyAdministration')
    expect(actionsOf(admin as TemplateStatement)).not.toContain('kms:*')
    expect(actionsOf(admin as TemplateStatement).some((a) => /Sign|Verify|Encrypt|Decrypt/.test(a))).toBe(
      false,
    )
  })

  it('grants kms:Sign in IAM to the anchoring role only; the API functions read the public key', () => {
    const everyStack = Object.values(dev.templates)
    const signers = everyStack.flatMap((t) =>
      resourcesOf(t, 'AWS::IAM::Policy').filter(([, p]) =>
        (p.Properties.PolicyDocument as { Statement: TemplateStatement[] }).Statement.some((s) =>
          actionsOf(s).some((a) => a === 'kms:Sign' || a === 'kms:*'),
        ),
      ),
    )
    expect(signers).toHaveLength(1)
    expect(JSON.stringify(signers[0]?.[1].Properties.Roles)).toContain(signerRole)
    const signer = statementsOfRole(template, signerRole)
    expect(signer.find((s) => s.Sid === 'AnchorKey')).toMatchObject({
      Action: ['kms:Sign', 'kms:GetPublicKey'],
      Resource: arnOf(keyId),
    })
    const runs = logicalIdOf(dev.stacks.api, dev.stacks.api.functions.get('runs')?.role as never)
    const reader = statementsOfRole(dev.templates.api, runs).find((s) => s.Sid === 'AnchorPublicKey')
    expect(reader?.Action).toBe('kms:GetPublicKey')
  })

  it('keeps digest files in a versioned bucket with Object Lock: governance in dev, compliance in prod', () => {
    const [[, bucket] = []] = resourcesOf(template, 'AWS::S3::Bucket').filter(
      ([, b]) => b.Properties.ObjectLockEnabled === true,
    )
    expect(bucket?.Properties).toMatchObject({
      ObjectLockEnabled: true,
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
      },
    })
    const prod = synthStage(stageConfig('prod')).templates.audit
    const [[, locked] = []] = resourcesOf(prod, 'AWS::S3::Bucket').filter(
      ([, b]) => b.Properties.ObjectLockEnabled === true,
    )
    expect(locked?.Properties.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 } },
    })
    const [[, fn] = []] = resourcesOf(template, 'AWS::Lambda::Function')
    const env = (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables
    expect(env).toMatchObject({ CHORUS_ANCHOR_LOCK_MODE: 'GOVERNANCE', CHORUS_ANCHOR_RETENTION_DAYS: '30' })
  })

  it('feeds the anchoring queue with the anchor rule: live RunCompleted and RunFailed', () => {
    const [[, rule] = []] = resourcesOf(template, 'AWS::Events::Rule')
    expect(rule?.Properties).toMatchObject({ Name: 'chorus-anchor', EventPattern: anchorRule().pattern })
    expect(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')[0]?.[1].Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    })
  })
})
