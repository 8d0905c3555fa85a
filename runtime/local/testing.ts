import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '#platform/config/index.ts'
import { silentLogger } from '#platform/log/index.ts'
import { type StartOptions, startChorus } from './app.ts'
import { makeEmbeddedCheckpointer } from './checkpointer.ts'

/** Starts the embedded runtime on a free port and a throw-away data directory. */
export const startTestChorus = async (
  env: Record<string, string> = {},
  overrides: Partial<Omit<StartOptions, 'config'>> & { dataDir?: string } = {},
) => {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'chorus-e2e-'))
  const config = loadConfig({
    CHORUS_PORT: '0',
    CHORUS_QUEUE_BACKOFF_MS: '5',
    ...env,
    CHORUS_DATA_DIR: dataDir,
  })
  const chorus = await startChorus({
    config,
    logger: silentLogger,
    checkpointer: makeEmbeddedCheckpointer(config),
    ...overrides,
  })
  return {
    ...chorus,
    dataDir,
    close: async (options: { keepData?: boolean } = {}) => {
      await chorus.close()
      if (!options.keepData && !overrides.dataDir) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Small JSON HTTP client for tests. */
export const http = async (
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : {}) as unknown,
  }
}
