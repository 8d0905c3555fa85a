import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeaders, startTestChorus } from './testing.ts'

describe('the console served by the local server', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  const built = mkdtempSync(join(tmpdir(), 'chorus-console-'))
  const script = `console.log(${JSON.stringify('x'.repeat(4000))})\n`
  beforeAll(async () => {
    // A build as Vite lays it out: the page, hashed files under assets/.
    mkdirSync(join(built, 'assets'))
    writeFileSync(
      join(built, 'index.html'),
      '<!doctype html><title>Chorus console</title><div id="root"></div>',
    )
    writeFileSync(join(built, 'assets', 'index-abc123.js'), script)
    chorus = await startTestChorus({}, { consoleDir: built })
  })
  afterAll(async () => {
    await chorus.close()
    rmSync(built, { recursive: true, force: true })
  })
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${chorus.url}${path}`, { headers })

  it('serves the page at / and at every route of the app, revalidated on each load, with a strict CSP', async () => {
    for (const path of ['/', '/console', '/console/chats', '/console/runs/01ARZ3NDEKTSV4RRFFQ69G5FAV']) {
      const res = await get(path)
      expect([path, res.status, res.headers.get('content-type')]).toEqual([
        path,
        200,
        'text/html; charset=utf-8',
      ])
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
      expect(await res.text()).toContain('<title>Chorus console</title>')
    }
  })

  it('caches hashed assets for a year and sends them gzipped to a client that takes gzip', async () => {
    const plain = await get('/console/assets/index-abc123.js')
    expect([plain.status, plain.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8'])
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(await plain.text()).toBe(script)

    // Read over node:http, which (unlike fetch) leaves the bytes as sent.
    const zipped = await new Promise<{ encoding?: string; bytes: Buffer }>((resolve, reject) =>
      request(
        `${chorus.url}/console/assets/index-abc123.js`,
        { headers: { 'accept-encoding': 'gzip' } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }),
          )
        },
      )
        .on('error', reject)
        .end(),
    )
    expect(zipped.encoding).toBe('gzip')
    const { bytes } = zipped
    expect(bytes.length).toBeLessThan(script.length / 4)
    expect(gunzipSync(bytes).toString()).toBe(script)
  })

  it('answers 404 for a missing asset (never the page), and keeps the API where it was', async () => {
    expect((await get('/console/assets/missing.js')).status).toBe(404)
    expect((await get('/console/favicon.ico')).status).toBe(404)
    expect((await get('/runs')).status).toBe(401)
    expect((await get('/runs', authHeaders(chorus.auth.credentials))).status).toBe(200)
  })

  it('tells the console to sign in with the dev identity (on AWS the deployment writes a Cognito config)', async () => {
    const res = await get('/console/config.json')
    expect([res.status, await res.json()]).toEqual([200, { auth: 'dev' }])
  })

  it("hands the console's own page the dev credentials, which the API accepts", async () => {
    const origin = new URL(chorus.url)
    const res = await fetch(`${chorus.url}/console/session`, {
      method: 'POST',
      headers: { origin: origin.origin, 'sec-fetch-site': 'same-origin' },
    })
    expect([res.status, res.headers.get('cache-control')]).toEqual([200, 'no-store'])
    const session = (await res.json()) as { tenantId: string; token: string; apiKey: string }
    expect(session.tenantId).toBe('local')

    expect((await get('/runs', authHeaders(session))).status).toBe(200)
  })

  it('refuses the dev credentials to a request from another origin', async () => {
    const res = await fetch(`${chorus.url}/console/session`, {
      method: 'POST',
      headers: { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' },
    })
    expect(res.status).toBe(403)
    expect(await res.text()).not.toContain(chorus.auth.credentials.apiKey)
  })
})

describe('the local server without a console build', () => {
  it('says how to build it, and the API still works', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'chorus-console-none-'))
    const chorus = await startTestChorus({}, { consoleDir: empty })
    try {
      const res = await fetch(`${chorus.url}/`)
      expect(res.status).toBe(503)
      expect(await res.text()).toContain('npm run build')
      expect((await fetch(`${chorus.url}/health`)).status).toBe(200)
    } finally {
      await chorus.close()
      rmSync(empty, { recursive: true, force: true })
    }
  })
})
