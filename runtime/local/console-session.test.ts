import { describe, expect, it } from 'vitest'
import { sessionRefusal } from './console-session.ts'

const request = (headers: Record<string, string>, sourceIp = '127.0.0.1') => ({
  headers,
  requestContext: { identity: { sourceIp } },
})
const page = { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' }
const codeOf = (refusal: ReturnType<typeof sessionRefusal>) =>
  refusal && (JSON.parse(refusal.body) as { error: { code: string } }).error.code
const options = { host: '127.0.0.1' }

describe('the dev sign-in of the console', () => {
  it("serves the console's own page on this machine, by any loopback name", () => {
    expect(sessionRefusal(request(page), options)).toBeUndefined()
    const local = { host: 'localhost:3000', origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }
    expect(sessionRefusal(request(local, '::1'), options)).toBeUndefined()
    expect(sessionRefusal(request(page, '::ffff:127.0.0.1'), options)).toBeUndefined()
  })

  it('refuses a page of another origin, another port included', () => {
    const other = { ...page, origin: 'http://127.0.0.1:5173', 'sec-fetch-site': 'same-site' }
    expect(codeOf(sessionRefusal(request(other), options))).toBe('console.crossOrigin')
    expect(codeOf(sessionRefusal(request({ ...page, origin: 'https://evil.test' }), options))).toBe(
      'console.crossOrigin',
    )
  })

  it('refuses a request without the browser headers that vouch for its origin', () => {
    expect(codeOf(sessionRefusal(request({ host: page.host }), options))).toBe('console.crossOrigin')
    expect(codeOf(sessionRefusal(request({ host: page.host, origin: page.origin }), options))).toBe(
      'console.crossOrigin',
    )
  })

  it('refuses a DNS-rebound name even though the browser calls it same-origin', () => {
    const rebound = {
      host: 'evil.test:3000',
      origin: 'http://evil.test:3000',
      'sec-fetch-site': 'same-origin',
    }
    expect(codeOf(sessionRefusal(request(rebound), options))).toBe('console.crossOrigin')
  })

  it('refuses a request from another machine, whatever its headers say', () => {
    const open = { host: '0.0.0.0' }
    const lan = {
      host: '192.168.1.20:3000',
      origin: 'http://192.168.1.20:3000',
      'sec-fetch-site': 'same-origin',
    }
    expect(codeOf(sessionRefusal(request(lan, '192.168.1.7'), open))).toBe('console.notLocal')
    expect(codeOf(sessionRefusal(request(page, '10.0.0.2'), options))).toBe('console.notLocal')
  })

  it('is off when an outside identity provider issues the tokens', () => {
    const refusal = sessionRefusal(request(page), { ...options, issuer: 'https://idp.example' })
    expect([refusal?.statusCode, codeOf(refusal)]).toEqual([404, 'console.devSignInOff'])
  })
})
