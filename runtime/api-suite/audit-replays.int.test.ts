import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_RUNTIMES, type ApiTarget, type Call } from '../testing/index.ts'

type Started = { name: string; events: number; runs: { tenantId: string; runId: string }[] }
type Comparison = { runId: string; equal: boolean }

// One stack per runtime for the file: two runs, their audits, bundles and three replays.
describe.each(API_RUNTIMES)(
  'audits, bundles and replays over HTTP (%s)',
  { timeout: 120_000 },
  (_, start) => {
    let target: ApiTarget
    let a: Call
    let b: Call
    const runs: string[] = []
    const from = new Date(Date.now() - 60_000).toISOString()
    beforeAll(async () => {
      target = await start()
      a = target.as(await target.credentialsFor('auditee'))
      b = target.as(await target.credentialsFor('outsider'))
      for (const content of ['Explain tides', 'Explain waves']) {
        const { runId } = (await a('POST', '/chats/audited/messages', { content })).json as { runId: string }
        const ended = (await target.waitForRun(runId, a)) as { status: string; failure?: unknown }
        expect([ended.status, ended.failure]).toEqual(['completed', undefined])
        runs.push(runId)
      }
    }, 120_000)
    afterAll(() => target?.close())

    it('audits a run as match, as JSON or text, and answers 404 to another tenant', async () => {
      const [runId] = runs as [string]
      const audit = await a('GET', `/runs/${runId}/audit`)
      expect(audit.status).toBe(200)
      expect(audit.json).toMatchObject({ runId, verdict: { verdict: 'match' } })
      const text = await a('GET', `/runs/${runId}/audit?format=text`)
      expect([text.status, text.headers.get('content-type')]).toEqual([
        200,
        expect.stringContaining('text/plain'),
      ])
      expect(text.text).toContain(runId)
      expect((await b('GET', `/runs/${runId}/audit`)).status).toBe(404)
      expect((await a('GET', '/runs/01JD0000000000000000000000/audit')).status).toBe(404)
      expect((await a('GET', `/runs/${runId}/audit?format=xml`)).status).toBe(400)
    })

    it('exports a bundle of JSON lines with a file name, and answers 404 to another tenant', async () => {
      const [runId] = runs as [string]
      const bundle = await a('GET', `/runs/${runId}/bundle`)
      expect(bundle.status).toBe(200)
      expect(bundle.headers.get('content-type')).toContain('application/x-ndjson')
      expect(bundle.headers.get('content-disposition')).toContain(runId)
      const lines = bundle.text.trim().split('\n')
      expect(lines.length).toBeGreaterThanOrEqual(7)
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
      expect((await b('GET', `/runs/${runId}/bundle`)).status).toBe(404)
    })

    it("replays the caller's window into views equal to the live ones; another tenant sees none of it", async () => {
      const [first, second] = runs as [string, string]
      const to = new Date().toISOString()
      const started = await a('POST', '/replays', { from, to, name: 'whole' })
      expect(started.status).toBe(202)
      const body = started.json as Started
      expect(body.runs.map((r) => r.runId).sort()).toEqual([first, second].sort())
      expect(body.runs.every((r) => r.tenantId === 'auditee')).toBe(true)
      expect(body.events).toBe(14)
      await target.settle()
      for (const runId of runs) {
        const compared = await a('GET', `/replays/whole/runs/${runId}`)
        expect([compared.status, (compared.json as Comparison).equal]).toEqual([200, true])
        expect((await b('GET', `/replays/whole/runs/${runId}`)).status).toBe(404)
      }

      // The name is the caller's: another tenant's replay of the same name replays only its own runs.
      const theirs = await b('POST', '/replays', { from, to, name: 'whole' })
      expect(theirs.status).toBe(202)
      expect(theirs.json).toMatchObject({ events: 0, runs: [] })
      await target.settle()
      expect((await a('GET', `/replays/whole/runs/${first}`)).json).toMatchObject({ equal: true })
    })

    it('replays one run of a window only, and refuses a window the wrong way round', async () => {
      const [first, second] = runs as [string, string]
      const to = new Date().toISOString()
      const one = await a('POST', '/replays', { from, to, name: 'just-one', runId: second })
      expect(one.status).toBe(202)
      expect((one.json as Started).runs.map((r) => r.runId)).toEqual([second])
      await target.settle()
      expect((await a('GET', `/replays/just-one/runs/${second}`)).json).toMatchObject({ equal: true })
      // A run of the caller that the replay left alone compares as not replayed.
      const untouched = await a('GET', `/replays/just-one/runs/${first}`)
      expect([untouched.status, untouched.json]).toEqual([200, expect.objectContaining({ equal: false })])
      expect(untouched.json).not.toHaveProperty('replayed')
      const inverted = await a('POST', '/replays', { from: to, to: from, name: 'inverted' })
      expect(inverted.status).toBe(400)
      expect((await a('POST', '/replays', { from, to, name: 'Not A Slug' })).status).toBe(400)
    })
  },
)
