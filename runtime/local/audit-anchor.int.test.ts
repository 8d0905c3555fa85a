import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetItemCommand } from 'dynamodb-toolbox'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeScriptedProvider, type Script } from '#platform/models/index.ts'
import { makeEventEntity } from '#platform/store/entities/event.ts'
import { rewriteRunLog } from '#platform/store/testing.ts'
import { consistencyProof, leafHash } from '#services/audit/core/merkle.ts'
import {
  loadOrCreateKey,
  makeAnchorLog,
  makeAuditor,
  makeEd25519Signer,
  makeFileAnchorStore,
  verifyHeadsConsistent,
} from '#services/audit/index.ts'
import { readPlanningPrompt } from '#services/planner/index.ts'
import { http, startTestChorus } from './testing.ts'

/** Run heads anchored in a signed tree whose key lives outside the data dir. */
describe('audit against signed anchor heads', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const runs: string[] = []
  const keyDir = mkdtempSync(join(tmpdir(), 'chorus-key-'))
  const anchorDir = mkdtempSync(join(tmpdir(), 'chorus-anchors-'))

  const script: Script = (messages, purpose) => {
    if (purpose.service !== 'planner') return `answer ${messages.length}`
    const prompt = readPlanningPrompt(messages.at(-1)?.text ?? '')
    const steps = [{ id: 'a', team: 'writer', instruction: 'do a', dependsOn: [] }]
    return JSON.stringify({ goal: prompt?.request ?? 'g', steps })
  }

  beforeAll(async () => {
    chorus = await startTestChorus({}, { models: makeScriptedProvider(script) })
    for (let i = 0; i < 4; i++) {
      const res = await http(chorus.url, 'POST', '/chats/anchor/messages', { content: `request ${i}` })
      runs.push((res.json as { runId: string }).runId)
    }
  }, 120_000)
  afterAll(() => chorus.close())

  const auditor = () => makeAuditor(chorus.stores)
  const anchorAll = async (ids: readonly string[]) => {
    const key = await loadOrCreateKey(keyDir)
    const log = makeAnchorLog({
      store: makeFileAnchorStore({ dir: anchorDir }),
      signer: makeEd25519Signer(key),
    })
    const heads = await Promise.all(ids.map((id) => auditor().head('local', id)))
    return log.anchor(
      'local',
      heads.filter((h) => h !== undefined),
    )
  }
  const auditAnchored = async (runId: string) => {
    const { publicKey } = await loadOrCreateKey(keyDir)
    return auditor().audit('local', runId, {
      anchors: { log: makeAnchorLog({ store: makeFileAnchorStore({ dir: anchorDir }) }), publicKey },
    })
  }

  it('verifies an untampered run against the latest signed head (inclusion proof)', async () => {
    expect((await anchorAll(runs.slice(0, 3))).signed.previous).toBeNull()
    const report = await auditAnchored(runs[0] as string)
    expect(report?.verdict).toEqual({ verdict: 'match' })
    expect(report?.anchor).toMatchObject({ ok: true, treeSize: 3 })
  })

  it('detects an event rewritten with every later hash recomputed, which the chain alone accepts', async () => {
    const runId = runs[1] as string
    const links = await rewriteRunLog(
      chorus.table,
      chorus.stores.log,
      { tenantId: 'local', runId, seq: 2 },
      (body) => {
        body.meta.occurredAt = '2020-01-01T00:00:00.000Z'
      },
    )
    const stored = await makeEventEntity(chorus.table)
      .build(GetItemCommand)
      .key({ tenantId: 'local', runId, seq: 2 })
      .send()
    expect(stored.Item?.body).toContain('2020-01-01')

    expect((await auditor().audit('local', runId))?.verdict).toEqual({ verdict: 'match' })
    expect((await auditAnchored(runId))?.verdict).toMatchObject({ verdict: 'diverged', seq: links.length })
  })

  it('says a run in no signed head is unverified, and a head signed by another key does not verify', async () => {
    const report = await auditAnchored(runs[3] as string)
    expect(report?.anchor).toMatchObject({ ok: false, kind: 'unverified' })
    const other = await loadOrCreateKey(mkdtempSync(join(tmpdir(), 'chorus-other-key-')))
    const forged = await auditor().audit('local', runs[0] as string, {
      anchors: {
        log: makeAnchorLog({ store: makeFileAnchorStore({ dir: anchorDir }) }),
        publicKey: other.publicKey,
      },
    })
    expect(forged?.anchor).toMatchObject({ ok: false, kind: 'unverified' })
  })

  it('proves a newer head extends an older one, and refuses a history rewritten under it', async () => {
    const { signed: newer, refused } = await anchorAll(runs)
    expect(refused.map((r) => r.runId)).toEqual([runs[1]])
    const log = makeAnchorLog({ store: makeFileAnchorStore({ dir: anchorDir }) })
    const { publicKey } = await loadOrCreateKey(keyDir)
    const proof = await log.consistency('local', 3)
    expect(newer.treeSize).toBe(4)
    expect(proof?.newer.previous).not.toBeNull()
    expect(verifyHeadsConsistent(proof?.older as never, newer, proof?.proof ?? [], publicKey)).toEqual({
      ok: true,
    })

    const file = join(anchorDir, 'local', 'leaves.jsonl')
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    lines[0] = (lines[0] as string).replace(/"length":\d+/, '"length":1')
    writeFileSync(file, `${lines.join('\n')}\n`)
    const rewritten = consistencyProof(3, lines.map(leafHash))
    expect(verifyHeadsConsistent(proof?.older as never, newer, rewritten, publicKey)).toMatchObject({
      ok: false,
    })
  })
})
