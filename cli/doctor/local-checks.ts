import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import type { Config } from '../../runtime/local/config.ts'
import { readDataDirHolder } from '../../runtime/local/data-dir-holder.ts'
import { type Check, fix, ok, reasonOf } from './check.ts'

/** The oldest Node major the project runs on (`engines` of package.json). */
export const MIN_NODE_MAJOR = 22

/** Node is recent enough: the project's own Node 22 when run through npm/npx. */
export const checkNode = (version = process.versions.node): Check => {
  const major = Number(version.split('.')[0])
  return major >= MIN_NODE_MAJOR
    ? ok('node', `v${version}`)
    : fix(
        'node',
        `v${version} is older than ${MIN_NODE_MAJOR}`,
        'run through npm (npx chorus …, npm start): npm ci installs Node 22 into node_modules/.bin',
      )
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The data directory: writable, and who holds it (a running server on it is normal). */
export const checkDataDir = async (dataDir: string): Promise<Check & { server?: string }> => {
  const info = await stat(dataDir).catch(() => undefined)
  if (!info) return ok('data dir', `${dataDir} does not exist yet; the first start creates it`)
  if (!info.isDirectory())
    return fix('data dir', `${dataDir} is not a directory`, 'set CHORUS_DATA_DIR to a directory')
  const writable = await access(dataDir, constants.W_OK).then(
    () => true,
    () => false,
  )
  if (!writable)
    return fix('data dir', `${dataDir} is not writable`, 'set CHORUS_DATA_DIR to a directory you own')
  const holder = readDataDirHolder(dataDir)
  if (!holder || !alive(holder.pid)) return ok('data dir', `${dataDir}, free (no server runs on it)`)
  return {
    ...ok(
      'data dir',
      `${dataDir}, held by a running Chorus (pid ${holder.pid}, since ${holder.startedAt}${holder.url ? `, at ${holder.url}` : ''})`,
    ),
    ...(holder.url ? { server: holder.url } : {}),
  }
}

/** The model endpoint answers one tiny chat completion; without one, the offline model is used. */
export const checkModel = async (config: Config): Promise<Check> => {
  const { apiKey, baseUrl } = config.openai
  const model = config.models.default
  if (!apiKey && !baseUrl)
    return ok(
      'model',
      'offline model (set OPENAI_API_KEY, or OPENAI_BASE_URL for a compatible server, for a real one)',
    )
  const base = (baseUrl ?? 'https://api.openai.com/v1').replace(/\/+$/, '')
  const url = `${base}/chat/completions`
  const started = performance.now()
  const failed = (detail: string) =>
    fix(
      'model',
      `${model} at ${base}: ${detail}`,
      'check OPENAI_BASE_URL (an OpenAI-compatible /v1 URL, e.g. http://127.0.0.1:11434/v1 for Ollama), OPENAI_API_KEY and CHORUS_MODEL',
    )
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey ?? 'not-needed'}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say ok.' }], max_tokens: 1 }),
      signal: AbortSignal.timeout(10_000),
    })
    const text = await response.text()
    if (!response.ok) return failed(`HTTP ${response.status} ${text.slice(0, 200)}`)
    const ms = Math.round(performance.now() - started)
    return ok('model', `${model} at ${base} answered in ${ms} ms`)
  } catch (error) {
    return failed(`unreachable (${reasonOf(error)})`)
  }
}
