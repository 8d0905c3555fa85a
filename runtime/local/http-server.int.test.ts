import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { silentLogger } from '#platform/log/index.ts'
import type { ApiHandler } from '#services/api/index.ts'
import { startLocalServer } from './http-server.ts'
import { http, startTestChorus } from './testing.ts'

const echo: ApiHandler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ body: event.body, path: event.pathParameters, query: event.queryStringParameters }),
})
const slow: ApiHandler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 1500))
  return { statusCode: 200, headers: {}, body: 'done' }
}

/**
 * Writes `request` on a fresh socket (and nothing more) and collects what comes back until the
 * server closes the connection. A guard fails the test if it never does.
 */
const exchange = (port: number, request: string | Buffer, guardMs = 15_000) =>
  new Promise<{ answer: string; closedByServer: boolean }>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let answer = ''
    const guard = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the server kept the connection open; it sent: ${answer || '(nothing)'}`))
    }, guardMs)
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8')
    })
    socket.on('close', () => {
      clearTimeout(guard)
      resolve({ answer, closedByServer: true })
    })
    socket.on('error', () => {})
  })

type ErrorJson = { error: { code: string; message: string } }
const errorOf = async (res: Response) => ((await res.json()) as ErrorJson).error

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1])
const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))

describe('the local HTTP server at its edge (real sockets)', () => {
  let server: Awaited<ReturnType<typeof startLocalServer>>
  let port: number
  beforeAll(async () => {
    server = await startLocalServer('127.0.0.1', 0, {
      logger: silentLogger,
      authorize: () => ({ tenantId: 'acme' }),
      timeouts: { headersMs: 400, requestMs: 800, keepAliveMs: 400 },
      maxBodyBytes: 1000,
      routes: [
        { method: 'GET', path: '/things/{id}', handler: echo },
        { method: 'PUT', path: '/things/{id}', handler: echo },
        { method: 'DELETE', path: '/things/{id}', handler: echo },
        { method: 'POST', path: '/things', handler: echo },
        { method: 'POST', path: '/slow', handler: slow },
      ],
    })
    port = Number(new URL(server.url).port)
  })
  afterAll(() => server.close())

  it('answers 408 to a body that stops half-way and closes the connection', async () => {
    const half =
      'POST /things HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":'
    const { answer, closedByServer } = await exchange(port, half)
    expect(closedByServer).toBe(true)
    expect(statusOf(answer)).toBe(408)
    expect(bodyOf(answer)).toEqual({
      error: { code: 'request.timeout', message: 'the request did not arrive in time' },
    })
  })

  it('answers 408 to headers that stop half-way, and to a connection that sends nothing', async () => {
    const [half, nothing] = await Promise.all([
      exchange(port, 'GET /things/a HTTP/1.1\r\nHost: x\r\nX-Slow: '),
      exchange(port, ''),
    ])
    expect([statusOf(half.answer), statusOf(nothing.answer)]).toEqual([408, 408])
  })

  it('closes a keep-alive connection left idle after its answer', async () => {
    const { answer, closedByServer } = await exchange(
      port,
      'GET /things/a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n',
    )
    expect(statusOf(answer)).toBe(200)
    expect(closedByServer).toBe(true)
  })

  it('lets a handler take longer than the request timeout once the request has arrived', async () => {
    const res = await fetch(`${server.url}/slow`, { method: 'POST', body: '{}' })
    expect([res.status, await res.text()]).toEqual([200, 'done'])
  })

  it('answers 431 with an error code to headers over the limit', async () => {
    const big = `GET /things/a HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`
    const { answer } = await exchange(port, big)
    expect(statusOf(answer)).toBe(431)
    expect(bodyOf(answer).error.code).toBe('request.headersTooLarge')
  })

  it('answers 413 to a body over the limit, declared or sent', async () => {
    const declared = await fetch(`${server.url}/things`, {
      method: 'POST',
      headers: { 'content-length': '5000' },
      body: 'x'.repeat(5000),
    })
    expect([declared.status, (await errorOf(declared)).code]).toEqual([413, 'request.tooLarge'])
    const chunked = await fetch(`${server.url}/things`, {
      method: 'POST',
      body: new Blob(['x'.repeat(3000)]).stream(),
      duplex: 'half',
    } as RequestInit)
    expect([chunked.status, (await errorOf(chunked)).code]).toEqual([413, 'request.tooLarge'])
  })

  it('answers 405 with Allow listing the methods of the path, from the routes', async () => {
    const res = await fetch(`${server.url}/things/a`, { method: 'PATCH' })
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, PUT, DELETE'])
    const post = await fetch(`${server.url}/things`, { method: 'GET' })
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'POST'])
  })

  it.each([
    ['the body', 'POST', '/things', Buffer.from([0x7b, 0xed, 0xa0, 0x80, 0x7d]), /^body: /],
    ['a query parameter', 'GET', '/things/a?note=%ED%A0%80', undefined, /^query\.note: /],
    ['a path parameter', 'GET', '/things/%ED%A0%80', undefined, /^path\.id: /],
    ['a bad escape', 'GET', '/things/a?note=%E0%A4%A', undefined, /^query\.note: /],
  ])(
    'refuses bytes that are not UTF-8 in %s with a 400 naming it',
    async (_, method, path, body, message) => {
      const res = await fetch(`${server.url}${path}`, { method, ...(body ? { body } : {}) })
      const error = await errorOf(res)
      expect([res.status, error.code]).toEqual([400, 'request.invalidUnicode'])
      expect(error.message).toMatch(message)
    },
  )

  it('decodes well-formed query and path values as API Gateway does', async () => {
    const res = await fetch(`${server.url}/things/caf%C3%A9?q=a+b&q=c%20d&e=`)
    expect(await res.json()).toEqual({ body: null, path: { id: 'café' }, query: { q: 'c d', e: '' } })
  })
})

describe('the embedded runtime takes its HTTP timeouts from the config', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    chorus = await startTestChorus(
      { CHORUS_HTTP_HEADERS_TIMEOUT_MS: '300', CHORUS_HTTP_REQUEST_TIMEOUT_MS: '600' },
      { inMemory: true },
    )
  })
  afterAll(() => chorus.close())

  it('answers 408 to an authenticated message whose body stops half-way, and closes the connection', async () => {
    const { token, apiKey } = chorus.auth.credentials
    const half = [
      'POST /chats/c/messages HTTP/1.1',
      'Host: x',
      `Authorization: Bearer ${token}`,
      `x-api-key: ${apiKey}`,
      'Content-Type: application/json',
      'Content-Length: 64',
      '',
      '{"content": "half a',
    ].join('\r\n')
    // Far below the default request timeout (10 s): only the configured 600 ms closes it in time.
    const { answer, closedByServer } = await exchange(Number(new URL(chorus.url).port), half, 5000)
    expect([statusOf(answer), closedByServer]).toEqual([408, true])
    expect((await http(chorus.url, 'GET', '/runs')).json).toEqual({ runs: [] })
  })
})
