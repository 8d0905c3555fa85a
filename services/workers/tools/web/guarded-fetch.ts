import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { ChorusError } from '#platform/errors/index.ts'
import { type AddressPolicy, checkLiteralHost, guardedLookup } from './address-policy.ts'

export interface GuardedFetchOptions {
  method?: string
  headers?: Record<string, string>
  body?: string
  policy?: AddressPolicy
  timeoutMs?: number
  maxBytes?: number
  maxRedirects?: number
  signal?: AbortSignal
}

export interface GuardedResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  /** The URL that answered, after redirects. */
  url: string
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * HTTP(S) with an SSRF guard: only http and https, every hop's resolved address checked
 * against the policy (also after redirects), a time limit and a size limit.
 */
export const guardedFetch = async (
  url: string,
  options: GuardedFetchOptions = {},
): Promise<GuardedResponse> => {
  let current = new URL(url)
  let method = options.method ?? 'GET'
  let body = options.body
  for (let hop = 0; ; hop++) {
    const response = await once(current, method, body, options)
    const location = response.headers.location
    if (!REDIRECTS.has(response.status) || !location) return response
    if (hop >= (options.maxRedirects ?? 5))
      throw new ChorusError('tool.failed', `too many redirects from ${url}`)
    current = new URL(location, current)
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = 'GET'
      body = undefined
    }
  }
}

const once = (url: URL, method: string, body: string | undefined, options: GuardedFetchOptions) =>
  new Promise<GuardedResponse>((resolve, reject) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return reject(
        new ChorusError('tool.addressRefused', `only http and https URLs are allowed, not ${url.protocol}`),
      )
    const policy = options.policy ?? {}
    try {
      checkLiteralHost(url.hostname, policy)
    } catch (error) {
      return reject(error)
    }
    const maxBytes = options.maxBytes ?? 2 * 1024 * 1024
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(
      url,
      {
        method,
        headers: { 'user-agent': 'chorus-tools/1', ...options.headers },
        lookup: guardedLookup(policy),
        // No pooled socket: a kept-alive connection opened under another policy (or by other code
        // through the global agent) would be reused without a lookup, so without a check.
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxBytes) {
            req.destroy(
              new ChorusError('tool.tooLarge', `response from ${url.host} exceeds ${maxBytes} bytes`),
            )
            return
          }
          chunks.push(chunk)
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            url: url.toString(),
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () =>
      req.destroy(new ChorusError('tool.timeout', `${url.host} did not answer in time`, { retryable: true })),
    )
    req.on('error', reject)
    req.end(body)
  })
