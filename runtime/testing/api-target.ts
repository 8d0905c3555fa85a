import type { TokenSpec } from '#platform/auth/index.ts'
import type { ModelProvider } from '#platform/models/index.ts'
import { checkAnswer } from '#services/api/index.ts'
import type { Core } from '../core.ts'

/** The runtimes the HTTP API suites run on: the embedded one and the AWS one on moto. */
export type RuntimeName = 'local' | 'aws'

/** A caller's credentials: a bearer token and an API key of its tenant. */
export interface Credentials {
  token: string
  apiKey: string
}

/** What a test reads of an answer: status, headers, the body, and the body parsed (`{}` unless JSON). */
export interface ApiResponse {
  status: number
  headers: Headers
  json: unknown
  text: string
}

/**
 * One request as a caller: `method path`, a JSON body (a string is sent as it is), and extra headers
 * (an empty value leaves the header out, so `authorization: ''` sends no token).
 */
export type Call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ApiResponse>

/** How a suite starts a runtime: a fixed model (scripted tests) and extra `CHORUS_*` variables. */
export interface TargetOptions {
  models?: ModelProvider
  /** Read by both runtimes' config schemas (e.g. `CHORUS_SYNC_BUDGET_MS`); each ignores the others. */
  env?: Record<string, string>
}

/**
 * A running Chorus behind its HTTP API, whichever the runtime: the suites under `runtime/api-suite/`
 * see only this, so one test file proves both runtimes answer alike.
 */
export interface ApiTarget {
  runtime: RuntimeName
  /** `http://127.0.0.1:<port>`. */
  url: string
  /** The tenant `call` speaks for (its teams and planner prompt are seeded). */
  tenantId: string
  credentials: Credentials
  /** A request with the default tenant's credentials. */
  call: Call
  /** A caller with these credentials (another tenant, a broken token, none). */
  as(credentials: Partial<Credentials>): Call
  /** A token and an API key of another tenant, issued into this runtime's key store. */
  credentialsFor(tenantId: string): Promise<Credentials>
  /** A token signed by the key the runtime trusts, with the runtime's issuer and audience unless given. */
  mintToken(spec: TokenSpec): Promise<string>
  /** The `kid` of the trusted signing key (a test signs with another key under it). */
  signingKid: string
  /** The runtime's stores, to prepare what the API cannot (a prompt, an HTTP tool) and to read the log. */
  stores: Core['stores']
  /** Resolves once no work is left: in-process queues idle and (AWS) every SQS queue drained. */
  settle(): Promise<void>
  /** Settles, then polls `GET /runs/{runId}` until the run has ended; returns its view. */
  waitForRun(runId: string, call?: Call): Promise<Record<string, unknown>>
  close(): Promise<void>
}

export type StartTarget = (options?: TargetOptions) => Promise<ApiTarget>

/** The headers that authenticate a caller. */
export const authHeaders = ({ token, apiKey }: Partial<Credentials>): Record<string, string> => ({
  ...(token ? { authorization: `Bearer ${token}` } : {}),
  ...(apiKey ? { 'x-api-key': apiKey } : {}),
})

/** A JSON HTTP client for `url` with these credentials; every request gives up after 30 s. */
export const makeCall =
  (url: string, credentials: Partial<Credentials>): Call =>
  async (method, path, body, headers = {}) => {
    const merged: Record<string, string> = {
      ...authHeaders(credentials),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    }
    const response = await fetch(`${url}${path}`, {
      method,
      headers: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== '')),
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    })
    const text = await response.text()
    checkAnswer(method, path, { status: response.status, headers: response.headers, text })
    const type = response.headers.get('content-type') ?? ''
    const json = text && (type === '' || type.startsWith('application/json')) ? JSON.parse(text) : {}
    return { status: response.status, headers: response.headers, json: json as unknown, text }
  }

const ENDED = new Set(['completed', 'failed'])

/** `waitForRun` over a target's `settle` and a caller: settles until the run's view says it ended. */
export const waitForRunWith =
  (settle: () => Promise<void>, call: Call) =>
  async (runId: string, caller: Call = call): Promise<Record<string, unknown>> => {
    for (let round = 0; ; round++) {
      await settle()
      const view = await caller('GET', `/runs/${runId}`)
      const run = view.json as Record<string, unknown>
      if (view.status !== 200 || ENDED.has(String(run.status))) return run
      if (round >= 200) throw new Error(`run ${runId} did not end: ${JSON.stringify(run.status)}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
