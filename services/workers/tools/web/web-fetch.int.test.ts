import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebFetchTool } from './web-fetch.ts'

const context = { tenantId: 'acme', runId: 'r', stepId: 's' }

describe('web.fetch against a local HTTP server', () => {
  let server: Server
  let port: number
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/to/')) {
        res.writeHead(302, { location: decodeURIComponent(req.url.slice(4)) })
        return res.end()
      }
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(
        '<html><head><title>Tides &amp; moons</title><script>evil()</script></head><body><h1>Tides</h1><p>The moon pulls.</p></body></html>',
      )
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('returns readable text when the address is allowlisted', async () => {
    const tool = new WebFetchTool({ policy: { allow: ['127.0.0.0/8'] } })
    const result = await tool.call({ url: `http://127.0.0.1:${port}/page` }, context)
    expect(result).toMatchObject({
      ok: true,
      data: { title: 'Tides & moons', text: 'Tides\nThe moon pulls.' },
    })
  })

  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/page`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a private 10.x address', () => 'http://10.0.0.7/'],
    ['IPv6 loopback', () => `http://[::1]:${port}/`],
    ['a name that resolves to loopback', () => `http://localhost:${port}/page`],
  ])('refuses %s without an allowlist', async (_, url) => {
    const result = await new WebFetchTool().call({ url: url() }, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.addressRefused', retryable: false } })
  })

  it('follows a redirect between allowed addresses', async () => {
    const tool = new WebFetchTool({ policy: { allow: ['localhost'] } })
    const target = encodeURIComponent(`http://localhost:${port}/page`)
    const result = await tool.call({ url: `http://localhost:${port}/to/${target}` }, context)
    expect(result).toMatchObject({ ok: true, data: { title: 'Tides & moons' } })
  })

  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/page`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a private 10.x address', () => 'http://10.1.2.3/'],
  ])('refuses a redirect to %s from an allowed host', async (_, target) => {
    const tool = new WebFetchTool({ policy: { allow: ['localhost'] } })
    const result = await tool.call(
      { url: `http://localhost:${port}/to/${encodeURIComponent(target())}` },
      context,
    )
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.addressRefused' } })
  })

  it('refuses other schemes', async () => {
    const result = await new WebFetchTool().call({ url: 'file:///etc/passwd' }, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.invalidInput' } })
  })
})
