import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import type { TokenSpec } from '#platform/auth/index.ts'
import type { LocalRoute } from './http-server.ts'

/** How long a console session's token lives. */
export const CONSOLE_TOKEN_TTL_SECONDS = 12 * 3600

/** Host names the server answers to on this machine; a DNS-rebound name of another site is none of them. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])
const LOOPBACK_IPS = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/

export interface ConsoleSessionOptions {
  /** The tenant of the dev credentials, and its API key. */
  tenantId: string
  apiKey: string
  mintToken: (spec: TokenSpec) => Promise<string>
  /** The host the server listens on (`CHORUS_HOST`). */
  host: string
  /** Set when an outside identity provider issues the tokens: dev tokens would not be accepted. */
  issuer?: string
}

const refuse = (statusCode: number, code: string, message: string): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify({ error: { code, message } }),
})

/** Why a request may not take the dev credentials, or undefined when it may. */
export const sessionRefusal = (
  event: Pick<APIGatewayProxyEvent, 'headers'> & { requestContext: { identity: { sourceIp: string } } },
  options: Pick<ConsoleSessionOptions, 'host' | 'issuer'>,
): APIGatewayProxyResult | undefined => {
  if (options.issuer)
    return refuse(
      404,
      'console.devSignInOff',
      `tokens come from ${options.issuer}: sign in with one of its tokens and an API key`,
    )
  if (!LOOPBACK_IPS.test(event.requestContext.identity.sourceIp))
    return refuse(403, 'console.notLocal', 'the dev sign-in is open to this machine only')
  const host = event.headers.host ?? ''
  const hostname = host.replace(/:\d+$/, '')
  const sameOrigin =
    event.headers['sec-fetch-site'] === 'same-origin' &&
    event.headers.origin === `http://${host}` &&
    (LOOPBACK_HOSTS.has(hostname) || hostname === options.host)
  if (!sameOrigin)
    return refuse(
      403,
      'console.crossOrigin',
      "the dev sign-in answers only the console's own page (same origin, on this machine)",
    )
  return undefined
}

/**
 * `POST /console/session`: the console's sign-in on the embedded default. It hands the page of this server the
 * dev tenant's API key and a fresh token (subject `console`, 12 hours), so nobody copies credentials around.
 * Only a browser on this machine showing this server's own page gets them: the request must come from a
 * loopback address, say `Sec-Fetch-Site: same-origin` with an `Origin` equal to its `Host`, and name this
 * server by a loopback name (or `CHORUS_HOST`), so neither another site nor a DNS-rebound name is served.
 */
export const consoleSessionRoute = (options: ConsoleSessionOptions): LocalRoute => ({
  method: 'POST',
  path: '/console/session',
  public: true,
  handler: async (event) => {
    const refused = sessionRefusal(event, options)
    if (refused) return refused
    const token = await options.mintToken({
      tenantId: options.tenantId,
      subject: 'console',
      expiresInSeconds: CONSOLE_TOKEN_TTL_SECONDS,
    })
    const expiresAt = new Date(Date.now() + CONSOLE_TOKEN_TTL_SECONDS * 1000).toISOString()
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: JSON.stringify({ tenantId: options.tenantId, token, apiKey: options.apiKey, expiresAt }),
    }
  },
})
