import { createHash, generateKeyPairSync } from 'node:crypto'
import { DeleteObjectCommand, HeadObjectCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3'
import { UpdateItemCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeLogger } from '#platform/log/index.ts'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { makeSqsPoller } from '#platform/queue/sqs-poller.ts'
import { makeModelCallEntity } from '#platform/store/entities/model-call.ts'
import { makeTable } from '#platform/store/index.ts'
import { rewriteRunLog } from '#platform/store/testing.ts'
import { headDigest } from '#services/audit/core/signed-head.ts'
import {
  type AuditReport,
  makeAnchorLog,
  makeKmsSigner,
  makeS3AnchorStore,
  type RunAnchor,
  type SignedHead,
  verifyBundle,
  verifyHeadSignature,
  verifyHeadsConsistent,
  verifySignedLeaf,
} from '#services/audit/index.ts'
import { readPlanningPrompt } from '#services/planner/index.ts'
import { apiEvent, lambdaContext } from '../lambda/testing.ts'
import { makeAwsAnchoring } from './anchors.ts'
import { type AwsRuntime, startAwsRuntime } from './app.ts'
import { loadAwsConfig } from './config.ts'
import { provisionAnchoring } from './testing/anchoring.ts'
import { motoClients, startTestStack, type TestStack } from './testing/emulator.ts'

const script: Script = (messages, purpose) => {
  if (purpose.service !== 'planner') return `answer ${messages.length}`
  const prompt = readPlanningPrompt(messages.at(-1)?.text ?? '')
  return JSON.stringify({
    goal: prompt?.request ?? 'g',
    steps: [{ id: 'a', team: 'writer', instruction: 'do a', dependsOn: [] }],
  })
}

type AuditBody = AuditReport & { anchorProof?: RunAnchor }
type Anchors = {
  anchoring: boolean
  heads: number[]
  latest?: SignedHead
  consistency?: { older: SignedHead; newer: SignedHead; proof: string[] }
}

/**
 * The AWS anchoring path on moto (ADR 0026): runs end on the AWS runtime, their `RunCompleted` goes
 * over EventBridge to the anchoring queue, the anchoring function signs the tenant's tree head with
 * an ECC_NIST_P256 KMS key and writes head and leaves to an Object Lock bucket; audits check runs
 * against it with the public key from `kms:GetPublicKey`, offline.
 */
describe('anchoring on the AWS runtime (moto: KMS, S3 Object Lock, EventBridge, SQS)', () => {
  let test: TestStack
  let runtime: AwsRuntime
  let anchoring: Awaited<ReturnType<typeof provisionAnchoring>>
  let publicKey: string
  let anchor: () => Promise<number>
  const runs: string[] = []

  const post = async (content: string) => {
    const res = await runtime.core.handlers.postMessage(
      apiEvent('POST', '/chats/{chatId}/messages', { chatId: 'anchors' }, { content }),
      lambdaContext(),
    )
    expect(res.statusCode).toBe(200)
    const runId = (JSON.parse(res.body) as { runId: string }).runId
    runs.push(runId)
    return runId
  }
  const audit = async (runId: string) => {
    const res = await runtime.core.handlers.auditRun(
      apiEvent('GET', '/runs/{runId}/audit', { runId }),
      lambdaContext(),
    )
    expect(res.statusCode).toBe(200)
    return JSON.parse(res.body) as AuditBody
  }
  const anchors = async (query: Record<string, string> | null = null) => {
    const res = await runtime.core.handlers.listAnchorHeads(
      { ...apiEvent('GET', '/anchors', {}), queryStringParameters: query },
      lambdaContext(),
    )
    expect(res.statusCode).toBe(200)
    return JSON.parse(res.body) as Anchors
  }

  beforeAll(async () => {
    test = await startTestStack('anchors', { env: { CHORUS_SEED_TENANT: 'acme' } })
    anchoring = await provisionAnchoring(test)
    const config = loadAwsConfig({ ...test.env, ...anchoring.env })
    runtime = await startAwsRuntime({ config, clients: test.clients, models: makeScriptedProvider(script) })
    const fn = makeAwsAnchoring({
      config: { tableName: config.tableName, anchors: config.anchors as NonNullable<typeof config.anchors> },
      clients: test.clients,
      logger: makeLogger({ level: 'silent' }),
    })
    const poller = makeSqsPoller({ sqs: test.clients.sqs, queueUrl: anchoring.queueUrl, handler: fn.handler })
    /** Delivers what the anchoring queue holds to the anchoring function, as Lambda's event source would. */
    anchor = async () => {
      let succeeded = 0
      for (;;) {
        const round = await poller.pollOnce({ max: 10 })
        expect(round.failed).toBe(0)
        succeeded += round.succeeded
        if (round.received === 0) return succeeded
      }
    }
    publicKey = await makeKmsSigner({ kms: test.clients.kms, keyId: anchoring.keyId }).publicKey()
    for (let i = 0; i < 3; i++) await post(`request ${i}`)
    await runtime.idle()
  }, 120_000)
  afterAll(() => {
    runtime?.close()
    test?.close()
  })

  it('signs one head with KMS for the runs that ended, and writes it and its leaves under Object Lock', async () => {
    expect(await anchor()).toBe(3)

    const { latest, heads } = await anchors()
    expect(heads).toEqual([3])
    expect(latest).toMatchObject({ tenantId: 'acme', treeSize: 3, previous: null })
    // Signed by the KMS key (ECDSA P-256), verified offline with its public key; not by another key.
    expect(verifyHeadSignature(latest as SignedHead, publicKey)).toBe(true)
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({
      type: 'spki',
      format: 'pem',
    })
    expect(verifyHeadSignature(latest as SignedHead, other.toString())).toBe(false)

    const { Versions = [] } = await test.clients.s3.send(
      new ListObjectVersionsCommand({ Bucket: anchoring.bucket, Prefix: 'trees/acme/' }),
    )
    const keys = Versions.map((v) => v.Key)
    expect(keys).toContain('trees/acme/heads/000000000003.json')
    expect(keys).toContain(`trees/acme/leaves/000000000003-${latest?.rootHash}.jsonl`)
    for (const version of Versions) {
      const object = await test.clients.s3.send(
        new HeadObjectCommand({ Bucket: anchoring.bucket, Key: version.Key, VersionId: version.VersionId }),
      )
      expect(object.ObjectLockMode).toBe('GOVERNANCE')
      expect(object.ObjectLockRetainUntilDate?.getTime()).toBeGreaterThan(Date.now())
    }
    // A locked digest file cannot be deleted.
    const head = Versions.find((v) => v.Key?.includes('/heads/'))
    await expect(
      test.clients.s3.send(
        new DeleteObjectCommand({ Bucket: anchoring.bucket, Key: head?.Key, VersionId: head?.VersionId }),
      ),
    ).rejects.toMatchObject({ name: 'AccessDenied' })
  })

  it("verifies a run's inclusion proof against the KMS-signed head with the public key alone", async () => {
    const runId = runs[0] as string
    const report = await audit(runId)
    expect(report.verdict).toEqual({ verdict: 'match' })
    expect(report.anchor).toMatchObject({ ok: true, treeSize: 3 })
    const proof = report.anchorProof as RunAnchor
    expect(verifySignedLeaf(proof, publicKey, { tenantId: 'acme', runId })).toEqual({ ok: true })
    // Another run's leaf under this proof, or a proof folded to another root, does not verify.
    expect(verifySignedLeaf(proof, publicKey, { tenantId: 'acme', runId: runs[1] as string }).ok).toBe(false)
    const bent = { ...proof, proof: proof.proof.map((h) => h.replace(/^./, (c) => (c === '0' ? '1' : '0'))) }
    expect(verifySignedLeaf(bent, publicKey, { tenantId: 'acme', runId })).toMatchObject({
      ok: false,
      problem: expect.stringContaining('inclusion proof fails'),
    })

    // The exported bundle verifies offline with the KMS public key.
    const bundle = await runtime.core.handlers.exportRunBundle(
      apiEvent('GET', '/runs/{runId}/bundle', { runId }),
      lambdaContext(),
    )
    const verdict = await verifyBundle(bundle.body, { publicKey })
    expect(verdict).toMatchObject({
      ok: true,
      report: { verdict: { verdict: 'match' }, anchor: { ok: true } },
    })
  })

  it('detects a log rewritten with every later hash recomputed through the signed head', async () => {
    const runId = runs[1] as string
    const links = await rewriteRunLog(
      makeTable(test.clients.dynamo.documentClient, test.config.tableName),
      runtime.core.stores.log,
      { tenantId: 'acme', runId, seq: 2 },
      (body) => {
        body.meta.occurredAt = '2020-01-01T00:00:00.000Z'
      },
    )

    const report = await audit(runId)
    expect(report.chain).toMatchObject({ ok: true })
    expect(report.verdict).toMatchObject({
      verdict: 'diverged',
      seq: links.length,
      difference: expect.stringContaining('hashes recomputed'),
    })
    const bundle = await runtime.core.handlers.exportRunBundle(
      apiEvent('GET', '/runs/{runId}/bundle', { runId }),
      lambdaContext(),
    )
    expect(await verifyBundle(bundle.body, { publicKey })).toMatchObject({
      ok: true,
      report: { verdict: { verdict: 'diverged', seq: links.length } },
    })
  })

  it('proves a newer KMS-signed head extends the older one, and refuses a proof of another history', async () => {
    const older = (await anchors()).latest as SignedHead
    await post('request 3')
    await runtime.idle()
    expect(await anchor()).toBe(1)

    const { heads, consistency } = await anchors({ from: '3' })
    expect(heads).toEqual([3, 4])
    expect(consistency?.older).toEqual(older)
    expect(consistency?.newer).toMatchObject({ treeSize: 4 })
    const { older: o, newer: n, proof } = consistency as NonNullable<Anchors['consistency']>
    expect(verifyHeadsConsistent(o, n, proof, publicKey)).toEqual({ ok: true })
    expect(verifyHeadsConsistent(o, { ...n, rootHash: o.rootHash }, proof, publicKey).ok).toBe(false)
    expect(verifyHeadsConsistent(o, n, [...proof].reverse().concat('00'.repeat(32)), publicKey).ok).toBe(
      false,
    )
  })

  it('flags an edited model-call record in GET /runs/{id} on the AWS runtime (not served as genuine)', async () => {
    const runId = runs[2] as string
    type Call = {
      callId: string
      stepId: string
      verified: boolean | null
      verification?: string
      output: string
    }
    const view = async () => {
      const res = await runtime.core.handlers.getRun(
        apiEvent('GET', '/runs/{runId}', { runId }),
        lambdaContext(),
      )
      expect(res.statusCode).toBe(200)
      return JSON.parse(res.body) as {
        modelCalls: Call[]
        callChecks: { verified: number; unverified: number }
      }
    }
    const before = await view()
    expect(before.modelCalls.map((c) => c.verified)).toEqual([true, true])
    const step = before.modelCalls.find((c) => c.stepId === 'a') as Call
    await makeModelCallEntity(makeTable(test.clients.dynamo.documentClient, test.config.tableName))
      .build(UpdateItemCommand)
      .item({ tenantId: 'acme', runId, stepId: 'a', callId: step.callId, output: 'edited afterwards' })
      .send()

    const after = await view()
    expect(after.modelCalls.find((c) => c.callId === step.callId)).toMatchObject({
      output: 'edited afterwards',
      verified: false,
      verification: expect.stringContaining('digest mismatch'),
    })
    expect(after.modelCalls.find((c) => c.stepId === '@planner')?.verified).toBe(true)
    expect(after.callChecks).toMatchObject({ verified: 1, unverified: 1 })
  })
  it('anchors warm with one list request per run end, and extends a head another anchoring function signed meanwhile', async () => {
    // Two anchoring functions (two Lambda containers), each with its own store; the first one's requests counted.
    const clients = motoClients()
    const requests: string[] = []
    clients.s3.middlewareStack.add(
      (next, context) => (args) => {
        const after = (args.input as { StartAfter?: string }).StartAfter
        requests.push(`${context.commandName}${after ? ` after ${after}` : ''}`)
        return next(args)
      },
      { step: 'initialize', name: 'countRequests' },
    )
    const signer = makeKmsSigner({ kms: test.clients.kms, keyId: anchoring.keyId })
    const mine = makeAnchorLog({
      store: makeS3AnchorStore({ client: clients.s3, bucket: anchoring.bucket }),
      signer,
    })
    const other = makeAnchorLog({
      store: makeS3AnchorStore({ client: test.clients.s3, bucket: anchoring.bucket }),
      signer,
    })
    const head = (runId: string) => {
      const hash = createHash('sha256').update(runId).digest('hex')
      return { tenantId: 'beta', runId, length: 1, head: hash, hashes: [hash] }
    }
    try {
      await mine.anchor('beta', [head('a')])
      await mine.anchor('beta', [head('b')])
      requests.length = 0
      await mine.anchor('beta', [head('c')])
      // Warm: the heads after the latest it knows (none), then the leaf batch and the head it writes.
      expect(requests).toEqual([
        'ListObjectsV2Command after trees/beta/heads/000000000002.json',
        'PutObjectCommand',
        'PutObjectCommand',
      ])

      const { signed: theirs } = await other.anchor('beta', [head('d'), head('e')])
      const { signed: next } = await mine.anchor('beta', [head('f')])
      expect(next).toMatchObject({ treeSize: 6, previous: headDigest(theirs) })
      const proof = await mine.consistency('beta', 3, 6)
      expect(verifyHeadsConsistent(proof?.older as SignedHead, next, proof?.proof ?? [], publicKey)).toEqual({
        ok: true,
      })
      const anchored = await other.prove('beta', 'f')
      expect(verifySignedLeaf(anchored as RunAnchor, publicKey, { tenantId: 'beta', runId: 'f' })).toEqual({
        ok: true,
      })
    } finally {
      clients.destroy()
    }
  })
})
