import { randomUUID } from 'node:crypto'
import { readSse, type SseMessage } from '#services/api/http/sse-reader.ts'
import { CliError } from './cli-error.ts'
import type { CliConfig } from './config.ts'

export interface ApiAnswer<T = unknown> {
  status: number
  headers: Headers
  body: T
}

type ErrorBody = { error?: { code?: string; message?: string; problems?: string[] } }

/** The HTTP API as the CLI uses it: credentials on every call, errors as {@link CliError}. */
export const makeClient = ({ url, token, apiKey }: CliConfig) => {
  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'x-api-key': apiKey,
    ...extra,
  })

  const send = async (path: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(`${url}${path}`, init)
    } catch (error) {
      throw new CliError(
        'http.unreachable',
        `cannot reach Chorus at ${url} (${(error as Error).cause ?? (error as Error).message}); is it running? Try: chorus start`,
      )
    }
  }

  const request = async <T>(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; idempotent?: boolean } = {},
  ): Promise<ApiAnswer<T>> => {
    const extra = {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.idempotent ? { 'idempotency-key': randomUUID() } : {}),
      ...options.headers,
    }
    const init = {
      method,
      headers: headers(extra),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }
    let response = await send(path, init)
    // A retry with the same Idempotency-Key is safe: it returns the first answer.
    if (response.status === 409 && options.idempotent && response.headers.get('retry-after')) {
      await new Promise((r) => setTimeout(r, 1000))
      response = await send(path, init)
    }
    const text = await response.text()
    const body = (text ? JSON.parse(text) : {}) as T & ErrorBody
    if (response.status >= 400) {
      const error = body.error ?? {}
      throw new CliError(
        error.code ?? `http.${response.status}`,
        error.message ?? response.statusText,
        error.problems,
      )
    }
    return { status: response.status, headers: response.headers, body }
  }

  return {
    url,
    get: <T>(path: string) => request<T>('GET', path),
    /** A GET whose answer is text (bundles, text reports), not JSON. */
    getText: async (path: string): Promise<string> => {
      const response = await send(path, { headers: headers() })
      const text = await response.text()
      if (response.status >= 400) {
        const error = ((): ErrorBody['error'] => {
          try {
            return (JSON.parse(text) as ErrorBody).error
          } catch {
            return undefined
          }
        })()
        throw new CliError(error?.code ?? `http.${response.status}`, error?.message ?? response.statusText)
      }
      return text
    },
    post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('POST', path, { body, idempotent: true, ...(headers ? { headers } : {}) }),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
    del: <T>(path: string) => request<T>('DELETE', path),
    /** Follows a server-sent-events endpoint until the server ends it. */
    stream: async function* (path: string): AsyncGenerator<SseMessage> {
      const response = await send(path, { headers: headers({ accept: 'text/event-stream' }) })
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => ({}))) as ErrorBody
        throw new CliError(
          body.error?.code ?? `http.${response.status}`,
          body.error?.message ?? response.statusText,
        )
      }
      yield* readSse(response.body)
    },
  }
}

export type Client = ReturnType<typeof makeClient>
