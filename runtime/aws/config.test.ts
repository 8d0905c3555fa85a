import { describe, expect, it } from 'vitest'
import { isChorusError } from '#platform/errors/index.ts'
import { loadConfig } from '../local/config.ts'
import { loadAwsConfig } from './config.ts'

const required = {
  CHORUS_TABLE_NAME: 'chorus',
  CHORUS_EVENT_BUS_NAME: 'chorus-bus',
  CHORUS_BUCKET_NAME: 'chorus-blobs',
}

describe('AWS runtime config', () => {
  it("uses AWS's own endpoints when none is set", () => {
    const config = loadAwsConfig(required)
    expect(Object.values(config.endpoints)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
    expect(config).toMatchObject({
      region: 'us-east-1',
      maxReceives: 5,
      apiRoute: 'sync',
      taskWaitSeconds: 20,
      modelAttempts: { maxAttempts: 4, backoffMs: 500 },
    })
    expect(config.openai).toBeUndefined()
  })

  it('points every service at CHORUS_AWS_ENDPOINT, each overridable on its own', () => {
    const config = loadAwsConfig({
      ...required,
      CHORUS_AWS_ENDPOINT: 'http://127.0.0.1:5000',
      CHORUS_S3_ENDPOINT: 'http://127.0.0.1:9000',
    })
    expect(config.endpoints).toEqual({
      dynamodb: 'http://127.0.0.1:5000',
      eventbridge: 'http://127.0.0.1:5000',
      sqs: 'http://127.0.0.1:5000',
      s3: 'http://127.0.0.1:9000',
      secretsmanager: 'http://127.0.0.1:5000',
      kms: 'http://127.0.0.1:5000',
    })
  })

  it('anchors only when both the anchor bucket and the signing key are named', () => {
    expect(
      loadAwsConfig({ ...required, CHORUS_ANCHOR_BUCKET_NAME: 'chorus-anchors' }).anchors,
    ).toBeUndefined()
    expect(
      loadAwsConfig({ ...required, CHORUS_ANCHOR_BUCKET_NAME: 'chorus-anchors', CHORUS_ANCHOR_KEY_ID: 'k' })
        .anchors,
    ).toEqual({ bucket: 'chorus-anchors', keyId: 'k', lock: { mode: 'COMPLIANCE', retentionDays: 365 } })
  })

  it('lets the task runner drain the workers queue unless a task queue is named', () => {
    const workers = 'http://127.0.0.1:5000/123456789012/w'
    expect(loadAwsConfig({ ...required, CHORUS_WORKERS_QUEUE_URL: workers }).queueUrls.tasks).toBe(workers)
  })

  it('knows the dead letters of each consumer whose queue and DLQ are both named', () => {
    const q = (name: string) => `http://127.0.0.1:5000/123456789012/${name}`
    const config = loadAwsConfig({
      ...required,
      CHORUS_WORKERS_QUEUE_URL: q('w'),
      CHORUS_WORKERS_DLQ_URL: q('w-dlq'),
      CHORUS_PLANNER_QUEUE_URL: q('p'),
    })
    expect(config.deadLetterQueues).toEqual({ workers: { url: q('w'), dlqUrl: q('w-dlq') } })
  })

  it('fails fast naming every missing or bad variable', () => {
    expect(() => loadAwsConfig({ CHORUS_AWS_ENDPOINT: 'not a url', CHORUS_API_ROUTE: 'later' })).toThrow(
      /CHORUS_AWS_ENDPOINT.*CHORUS_TABLE_NAME.*CHORUS_EVENT_BUS_NAME.*CHORUS_BUCKET_NAME.*CHORUS_API_ROUTE/,
    )
    expect(() => loadAwsConfig({ ...required, CHORUS_BUCKET_NAME: 'Upper_Case' })).toThrow(
      /CHORUS_BUCKET_NAME/,
    )
  })

  it('keeps the core settings the embedded runtime has: planner limits and the audit signing key', () => {
    const config = loadAwsConfig({
      ...required,
      CHORUS_PLANNER_MAX_STEPS: '5',
      CHORUS_PLANNER_MAX_REPAIRS: '0',
      CHORUS_AUDIT_SIGNING_KEY: 'a-key-of-sixteen-chars',
    })
    expect(config.planner).toEqual({ maxRepairs: 0, maxSteps: 5, historyTurns: 6 })
    expect(config.auditSigningKey).toBe('a-key-of-sixteen-chars')
  })

  it('reads every core setting as the embedded runtime does, with the same defaults', () => {
    const env = {
      CHORUS_SYNC_BUDGET_MS: '1000',
      CHORUS_WEB_ALLOW: '10.0.0.1, 10.0.0.2',
      CHORUS_LOG_LEVEL: 'warn',
    }
    const aws = loadAwsConfig({ ...required, ...env })
    const local = loadConfig(env, '/')
    expect({
      syncBudgetMs: aws.syncBudgetMs,
      maxReceives: aws.maxReceives,
      planner: aws.planner,
      modelAttempts: aws.modelAttempts,
      approvalTimeoutMs: aws.approvalTimeoutMs,
      webAllow: aws.teams.webAllow,
      logLevel: aws.logLevel,
    }).toEqual({
      syncBudgetMs: local.syncBudgetMs,
      maxReceives: local.queue.maxReceives,
      planner: local.planner,
      modelAttempts: local.models.attempts,
      approvalTimeoutMs: local.approval.timeoutMs,
      webAllow: local.teams.webAllow,
      logLevel: local.logLevel,
    })
  })

  it('names each bad setting in the error, also as data', () => {
    let caught: unknown
    try {
      loadAwsConfig({ ...required, CHORUS_PLANNER_MAX_STEPS: '50', CHORUS_AUDIT_SIGNING_KEY: 'short' })
    } catch (error) {
      caught = error
    }
    expect(isChorusError(caught) && caught.code).toBe('config.invalid')
    expect(isChorusError(caught) && caught.details).toEqual({
      settings: ['CHORUS_PLANNER_MAX_STEPS', 'CHORUS_AUDIT_SIGNING_KEY'],
    })
  })
})
