import { subscribe, unsubscribe } from 'node:diagnostics_channel'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { HttpApiTool } from '../http/http-api-tool.ts'
import { HttpToolDefinition } from '../http/http-tool-definition.ts'
import { WebFetchTool } from './web-fetch.ts'

const context = { tenantId: 'acme', runId: 'r', stepId: 's' }

/**
 * Literal hosts that name the local machine, a private network or a gateway in disguise, with
 * what WHATWG URL parsing turns the host into. `PORT` is replaced by the local server's port.
 */
const LITERALS: [url: string, hostname: string][] = [
  ['http://2130706433:PORT/', '127.0.0.1'],
  ['http://0x7f.1:PORT/', '127.0.0.1'],
  ['http://0x7f000001:PORT/', '127.0.0.1'],
  ['http://017700000001:PORT/', '127.0.0.1'],
  ['http://127.1:PORT/', '127.0.0.1'],
  ['http://127.0.0.1.:PORT/', '127.0.0.1'],
  ['http://0:PORT/', '0.0.0.0'],
  ['http://[::ffff:127.0.0.1]:PORT/', '[::ffff:7f00:1]'],
  ['http://[::7f00:1]:PORT/', '[::7f00:1]'],
  ['http://[::127.0.0.1]:PORT/', '[::7f00:1]'],
  ['http://[::]:PORT/', '[::]'],
  ['http://[64:ff9b::7f00:1]:PORT/', '[64:ff9b::7f00:1]'],
  ['http://[64:ff9b::127.0.0.1]:PORT/', '[64:ff9b::7f00:1]'],
  ['http://[2002:7f00:1::]:PORT/', '[2002:7f00:1::]'],
  ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]:PORT/', '[2001:0:4136:e378:8000:63bf:80ff:fffe]'],
  ['http://[fec0::1]:PORT/', '[fec0::1]'],
  ['http://[fd00:ec2::254]/latest/meta-data/', '[fd00:ec2::254]'],
  ['http://0xa9fea9fe/latest/meta-data/', '169.254.169.254'],
]

describe('literal hosts are refused before any connection', () => {
  let server: Server
  let port: number
  let accepted = 0
  let opened = 0
  const onSocket = () => {
    opened++
  }
  const at = (url: string) => url.replace('PORT', String(port))

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/to/')) {
        res.writeHead(302, { location: decodeURIComponent(req.url.slice(4)) })
        return res.end()
      }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"secret":"internal"}')
    })
    server.on('connection', () => {
      accepted++
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
    // Every client socket Node opens, whatever its address: the proof that nothing was attempted.
    subscribe('net.client.socket', onSocket)
  })
  afterAll(async () => {
    unsubscribe('net.client.socket', onSocket)
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  beforeEach(() => {
    accepted = 0
    opened = 0
  })

  it.each(LITERALS)('URL parsing turns %s into the host %s', (url, hostname) => {
    expect(new URL(at(url)).hostname).toBe(hostname)
  })

  it.each(LITERALS)('web.fetch refuses %s without opening a socket', async (url) => {
    const result = await new WebFetchTool().call({ url: at(url) }, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.addressRefused', retryable: false } })
    expect({ opened, accepted }).toEqual({ opened: 0, accepted: 0 })
  })

  it('says why an IPv4-embedding form is refused', async () => {
    const result = await new WebFetchTool().call({ url: at('http://[64:ff9b::7f00:1]:PORT/') }, context)
    expect(result).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/NAT64.*refused outright/) },
    })
  })

  it('counts a connection when the allowlist opens loopback (the counters work)', async () => {
    const tool = new WebFetchTool({ policy: { allow: ['127.0.0.0/8'] } })
    const result = await tool.call({ url: at('http://2130706433:PORT/') }, context)
    expect(result).toMatchObject({ ok: true, data: { text: '{"secret":"internal"}' } })
    expect(accepted).toBe(1)
    expect(opened).toBeGreaterThanOrEqual(1)
  })

  it('does not reuse a kept-alive socket opened under a wider allowlist', async () => {
    const url = at('http://localhost:PORT/page')
    const opened = await new WebFetchTool({ policy: { allow: ['localhost'] } }).call({ url }, context)
    expect(opened).toMatchObject({ ok: true })
    const result = await new WebFetchTool().call({ url }, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.addressRefused' } })
    expect(accepted).toBe(1)
  })

  it.each(['http://[::ffff:127.0.0.1]:PORT/', 'http://[::7f00:1]:PORT/', 'http://0x7f.1:PORT/'])(
    'refuses a redirect to %s from an allowed host, after one connection only',
    async (target) => {
      const tool = new WebFetchTool({ policy: { allow: ['localhost'] } })
      const result = await tool.call(
        { url: `http://localhost:${port}/to/${encodeURIComponent(at(target))}` },
        context,
      )
      expect(result).toMatchObject({ ok: false, error: { code: 'tool.addressRefused' } })
      expect(accepted).toBe(1)
    },
  )

  const apiTool = (url: string) =>
    new HttpApiTool(
      HttpToolDefinition.parse({
        name: 'probe.get',
        description: 'reads a probe',
        method: 'GET',
        url,
        input: { type: 'object' },
      }),
      { secrets: async () => undefined },
    )

  it.each([
    'http://[::7f00:1]:PORT/probe',
    'http://0x7f.1:PORT/probe',
    'http://[fec0::1]:PORT/probe',
    'http://[2002:7f00:1::]:PORT/probe',
  ])('an HTTP/API tool refuses %s through the same guard', async (url) => {
    const result = await apiTool(at(url)).call({}, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.addressRefused' } })
    expect({ opened, accepted }).toEqual({ opened: 0, accepted: 0 })
  })

  it('an HTTP/API tool refuses a name that resolves to loopback', async () => {
    const result = await apiTool(at('http://localhost:PORT/probe')).call({}, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.addressRefused' } })
    expect(accepted).toBe(0)
  })
})
