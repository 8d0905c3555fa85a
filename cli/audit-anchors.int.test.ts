import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chainHash } from '#events'
import { rewriteRunLog } from '#platform/store/testing.ts'
import { loadOrCreateKey } from '#services/audit/index.ts'
import { http, startTestChorus } from '../runtime/local/testing.ts'
import { runCli } from './testing.ts'

/** The embedded runtime anchors each ended run; chorus audit checks the anchor with the public key. */
describe('anchored audits through the API and the CLI', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let env: Record<string, string>
  let keyDir: string
  const runs: string[] = []
  const dir = mkdtempSync(join(tmpdir(), 'chorus-anchor-cli-'))
  const otherKeys = mkdtempSync(join(tmpdir(), 'chorus-other-keys-'))

  const startedAt = new Date().toISOString()
  beforeAll(async () => {
    chorus = await startTestChorus()
    keyDir = `${chorus.dataDir}-audit-keys`
    env = { CHORUS_URL: chorus.url, CHORUS_DATA_DIR: chorus.dataDir, CHORUS_AUDIT_KEY_DIR: keyDir }
    for (const content of ['Explain tides', 'Explain waves', 'Explain currents']) {
      const res = await http(chorus.url, 'POST', '/chats/anchors/messages', { content })
      runs.push((res.json as { runId: string }).runId)
    }
    await chorus.idle()
  }, 120_000)
  afterAll(async () => {
    await chorus.close()
    for (const d of [dir, otherKeys]) rmSync(d, { recursive: true, force: true })
  })

  it('keeps the anchor key outside the data dir and anchors every ended run', async () => {
    expect(existsSync(join(keyDir, 'anchor-ed25519.pem'))).toBe(true)
    expect(existsSync(join(chorus.dataDir, 'anchor-ed25519.pem'))).toBe(false)
    const heads = (await http(chorus.url, 'GET', '/anchors')).json as { heads: number[]; anchoring: boolean }
    expect(heads.anchoring).toBe(true)
    expect(heads.heads.at(-1)).toBe(3)
  })

  it('verifies an untampered run against the latest signed head, with the public key', async () => {
    const res = await http(chorus.url, 'GET', `/runs/${runs[0]}/audit`)
    expect(res.json).toMatchObject({ verdict: { verdict: 'match' }, anchor: { ok: true, treeSize: 3 } })
    expect(res.json).toHaveProperty('anchorProof.signedHead.signature')
    const { code, stdout } = await runCli(['audit', runs[0] as string], env, dir)
    expect(stdout).toContain('Verdict: MATCH')
    expect(stdout).toMatch(/Anchor: \d+ events in signed tree head of 3 \(inclusion proof verified\)/)
    expect(code).toBe(0)
  })

  it('says unverified (exit 3) when the caller’s public key did not sign the head', async () => {
    await loadOrCreateKey(otherKeys)
    const other = join(otherKeys, 'anchor-ed25519.pub.pem')
    const { code, stdout, stderr } = await runCli(
      ['audit', runs[0] as string, '--public-key', other],
      env,
      dir,
    )
    expect(stdout).toContain('Anchor: UNVERIFIED: the signed head does not verify with the public key')
    expect(stderr).toContain('unverified')
    expect(code).toBe(3)
  })

  it('names a run rewritten with every later hash recomputed, which its chain alone accepts', async () => {
    const runId = runs[1] as string
    const links = await rewriteRunLog(
      chorus.table,
      chorus.stores.log,
      { tenantId: 'local', runId, seq: 2 },
      (body) => {
        body.meta.occurredAt = '2020-01-01T00:00:00.000Z'
      },
    )
    const { code, stdout } = await runCli(['audit', runId], env, dir)
    expect(stdout).toContain(`Verdict: DIVERGED at seq ${links.length}`)
    expect(stdout).toContain('rewritten at or before it (hashes recomputed)')
    expect(code).toBe(1)
  })

  it('proves that a newer signed head extends an older one, and refuses a key that did not sign them', async () => {
    const first = ((await http(chorus.url, 'GET', '/anchors')).json as { heads: number[] }).heads[0] as number
    await http(chorus.url, 'POST', '/chats/anchors/messages', { content: 'Explain winds' })
    await chorus.idle()
    const proven = await runCli(['audit', '--consistency'], env, dir)
    expect(proven.stdout).toContain(`CONSISTENT: the signed head of 4 run heads extends the one of ${first}`)
    expect(proven.code).toBe(0)
    const between = await runCli(['audit', '--consistency', String(first), '3', '--json'], env, dir)
    expect(JSON.parse(between.stdout)).toMatchObject({
      older: { treeSize: first },
      newer: { treeSize: 3 },
      verdict: { ok: true },
    })
    const forged = await runCli(
      ['audit', '--consistency', '--public-key', join(otherKeys, 'anchor-ed25519.pub.pem')],
      env,
      dir,
    )
    expect(forged.stdout).toContain('INCONSISTENT: a signed head does not verify with the public key')
    expect(forged.code).toBe(1)
    const noKey = await runCli(['audit', '--consistency'], { ...env, CHORUS_AUDIT_KEY_DIR: dir }, dir)
    expect(noKey.stdout).toContain('UNVERIFIED')
    expect(noKey.code).toBe(3)
    expect((await http(chorus.url, 'GET', '/anchors?from=99')).status).toBe(404)
  })

  it('exports a bundle a third party verifies offline with the public key alone', async () => {
    const pub = join(keyDir, 'anchor-ed25519.pub.pem')
    expect((await runCli(['export', runs[0] as string, '--out', 'run.jsonl'], env, dir)).code).toBe(0)
    const bundle = readFileSync(join(dir, 'run.jsonl'), 'utf8')
    expect(bundle).toContain('"kind":"anchor"')
    const offline = await runCli(['audit', '--bundle', 'run.jsonl', '--public-key', pub], {}, dir)
    expect(offline.stdout).toContain('Verdict: MATCH')
    expect(offline.stdout).toMatch(
      /Anchor: \d+ events in signed tree head of \d+ \(inclusion proof verified\)/,
    )
    expect(offline.code).toBe(0)
    const other = join(otherKeys, 'anchor-ed25519.pub.pem')
    const forged = await runCli(['audit', '--bundle', 'run.jsonl', '--public-key', other], {}, dir)
    expect(forged.stdout).toContain('Verdict: UNSIGNED/UNVERIFIED')
    expect(forged.stdout).not.toContain('MATCH')
    expect(forged.code).toBe(3)
  })

  it('detects a bundle rewritten with the chain and digest recomputed, through its signed head', async () => {
    const pub = join(keyDir, 'anchor-ed25519.pub.pem')
    await runCli(['export', runs[2] as string, '--out', 'run2.jsonl'], env, dir)
    const lines = readFileSync(join(dir, 'run2.jsonl'), 'utf8').trim().split('\n')
    let previous = ''
    const rewritten = lines.slice(0, -1).map((line) => {
      const record = JSON.parse(line) as { kind: string; seq: number; body: string; prevHash: string }
      if (record.kind !== 'event') return line
      const body = JSON.parse(record.body) as { meta: { occurredAt: string }; data: unknown }
      if (record.seq === 2) body.meta.occurredAt = '2020-01-01T00:00:00.000Z'
      const prevHash = record.seq === 1 ? record.prevHash : previous
      previous = chainHash(prevHash, body)
      return JSON.stringify({ ...record, prevHash, hash: previous, body: JSON.stringify(body) })
    })
    const head = JSON.parse(lines.at(-1) as string) as Record<string, unknown>
    const digest = createHash('sha256').update(rewritten.join('\n')).digest('hex')
    writeFileSync(
      join(dir, 'rewritten.jsonl'),
      `${[...rewritten, JSON.stringify({ ...head, chainHead: previous, digest })].join('\n')}\n`,
    )
    const unkeyed = await runCli(['audit', '--bundle', 'rewritten.jsonl', '--json'], {}, dir)
    expect(JSON.parse(unkeyed.stdout)).toMatchObject({ consistent: { verdict: 'match' } })
    const keyed = await runCli(['audit', '--bundle', 'rewritten.jsonl', '--public-key', pub], {}, dir)
    expect(keyed.stdout).toMatch(/Verdict: DIVERGED at seq \d+/)
    expect(keyed.stdout).toContain('hashes recomputed')
    expect(keyed.code).toBe(1)
  })

  it('audits every run of a window with progress and a summary naming each failure by seq', async () => {
    const all = await runCli(['audit', '--since', startedAt], env, dir)
    expect(all.stderr).toMatch(/^\[1\/4\] \S+ {2}match/m)
    expect(all.stderr).toContain(`[4/4]`)
    expect(all.stderr).toMatch(
      new RegExp(`${runs[1]}  diverged at seq \\d+: the log differs from its anchored head`),
    )
    expect(all.stdout).toContain('runs 4  match 3  diverged 1  in progress 0  unverified 0')
    expect(all.stdout).toMatch(new RegExp(`seq \\d+  ${runs[1]}  the log differs`))
    expect(all.code).toBe(1)
    const json = await runCli(['audit', '--since', startedAt, '--json'], env, dir)
    expect(JSON.parse(json.stdout)).toMatchObject({
      runs: 4,
      match: 3,
      diverged: 1,
      failures: [{ runId: runs[1] }],
    })
    const none = await runCli(
      ['audit', '--since', '2020-01-01T00:00:00.000Z', '--until', startedAt],
      env,
      dir,
    )
    expect(none.stdout).toContain('runs 0  match 0  diverged 0')
    expect(none.code).toBe(0)
  })
})
