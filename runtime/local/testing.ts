import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '#platform/log/index.ts'
import { readSse, type SseMessage } from '#services/api/http/sse-reader.ts'
import { checkAnswer } from '#services/api/index.ts'
import { type StartOptions, startChorus } from './app.ts'
import { makeEmbeddedCheckpointer } from './checkpointer.ts'
import { loadConfig } from './config.ts'

/** Credentials `http` sends by default to each running test server, by its URL. */
const credentialsByUrl = new Map<string, { token: string; apiKey: string }>()

/** The headers that authenticate a caller: a bearer token and an API key. */
export const authHeaders = ({ token, apiKey }: { token: string; apiKey: string }) => ({
  authorization: `Bearer ${token}`,
  'x-api-key': apiKey,
})

/**
 * Starts the embedded runtime on a free port and a throw-away data directory. `http` then sends
 * the dev token and API key to it by default.
 */
export const startTestChorus = async (
  env: Record<string, string> = {},
  overrides: Partial<Omit<StartOptions, 'config'>> & { dataDir?: string } = {},
) => {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'chorus-e2e-'))
  const config = loadConfig({
    CHORUS_PORT: '0',
    CHORUS_QUEUE_BACKOFF_MS: '5',
    CHORUS_MODEL_RETRY_BACKOFF_MS: '5',
    // Anchor keys and trees of a test server stay beside its data, never in the home directory.
    CHORUS_AUDIT_KEY_DIR: `${dataDir}-audit-keys`,
    ...env,
    CHORUS_DATA_DIR: dataDir,
  })
  const chorus = await startChorus({
    config,
    logger: silentLogger,
    checkpointer: makeEmbeddedCheckpointer(config),
    ...overrides,
  })
  credentialsByUrl.set(chorus.url, chorus.auth.credentials)
  return {
    ...chorus,
    dataDir,
    /** A token and API key of another tenant, to check isolation. */
    credentialsFor: async (tenantId: string) => ({
      token: await chorus.auth.mintToken({ tenantId, subject: `user-of-${tenantId}` }),
      apiKey: (await chorus.auth.issueApiKey(tenantId)).key,
    }),
    close: async (options: { keepData?: boolean } = {}) => {
      credentialsByUrl.delete(chorus.url)
      await chorus.close()
      if (!options.keepData && !overrides.dataDir) {
        rmSync(dataDir, { recursive: true, force: true })
        rmSync(config.auditKeyDir, { recursive: true, force: true })
      }
    },
  }
}

/**
 * Small JSON HTTP client for tests. Sends the dev credentials of the test server at `base`
 * unless `headers` set `authorization`/`x-api-key` (an empty value leaves the header out).
 */
export const http = async (
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const credentials = credentialsByUrl.get(base)
  const merged: Record<string, string> = {
    ...(credentials ? authHeaders(credentials) : {}),
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...headers,
  }
  const response = await fetch(`${base}${path}`, {
    method,
    headers: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== '')),
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  })
  const text = await response.text()
  checkAnswer(method, path, { status: response.status, headers: response.headers, text })
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : {}) as unknown,
  }
}

/**
 * Reads a server-sent-events endpoint with the test server's credentials until the server ends
 * the stream (or `timeoutMs` passes, then the test fails with what arrived).
 */
export const sse = async (
  base: string,
  path: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
) => {
  const credentials = credentialsByUrl.get(base)
  const response = await fetch(`${base}${path}`, {
    headers: { accept: 'text/event-stream', ...(credentials ? authHeaders(credentials) : {}), ...headers },
    signal: AbortSignal.timeout(timeoutMs),
  })
  const messages: SseMessage[] = []
  if (response.ok && response.body) for await (const message of readSse(response.body)) messages.push(message)
  else await response.text()
  return { status: response.status, headers: response.headers, messages }
}
