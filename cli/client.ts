import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { readSse, type SseMessage } from '#services/api/http/sse-reader.ts'
import type { Operation, SuccessBody } from '#services/api/index.ts'
import type * as definitions from '#services/api/operations/index.ts'

type Definitions = typeof definitions
/** An operation of the HTTP API by its id (its definition's export name in `services/api/operations/`). */
export type OperationName = {
  [K in keyof Definitions]: Definitions[K] extends Operation ? K : never
}[keyof Definitions]

/**
 * The operations' definitions, loaded with the first request: the CLI's start (`--help`, parsing,
 * a usage error) never evaluates their schemas.
 */
const loadDefinitions = () => import('#services/api/operations/index.ts')
const definitionOf = async (name: OperationName): Promise<Operation> => (await loadDefinitions())[name]

import { CliError } from './cli-error.ts'
import type { CliConfig } from './config.ts'

export interface ApiAnswer<T = unknown> {
  status: number
  headers: Headers
  body: T
}

type QueryValue = string | number | boolean | undefined

/**
 * What a request of `O` takes, typed by its schemas: `params` fill its path template, `query` its
 * query string (undefined values left out), `body` its JSON body, `headers` its declared request
 * headers; each is required when its schema requires it.
 */
export type RequestInputs<O extends Operation> = (O['params'] extends z.ZodObject
  ? { params: z.input<O['params']> }
  : { params?: undefined }) &
  (O['query'] extends z.ZodObject
    ? { query?: { [K in keyof z.input<O['query']>]?: QueryValue } }
    : { query?: undefined }) &
  (O['body'] extends z.ZodType
    ? undefined extends z.input<O['body']>
      ? { body?: z.input<O['body']> }
      : { body: z.input<O['body']> }
    : { body?: undefined }) &
  (O['headers'] extends z.ZodObject ? { headers?: z.input<O['headers']> } : { headers?: undefined })

/** The JSON body a request of the operation `K` takes. */
export type BodyOf<K extends OperationName> = RequestInputs<Definitions[K]>['body']

/** The inputs argument is optional when nothing in it is required. */
type InputsArg<O extends Operation> =
  Record<never, never> extends RequestInputs<O> ? [inputs?: RequestInputs<O>] : [inputs: RequestInputs<O>]

/**
 * The path of a request: the operation's template with each `{param}` filled, URL-encoded, and its
 * query string; throws on a parameter the inputs lack.
 * @example pathOf('/runs/{runId}', { runId: 'r 1' }, { limit: 5 }) // '/runs/r%201?limit=5'
 */
export const pathOf = (
  template: string,
  params: Record<string, unknown> = {},
  query: Record<string, QueryValue> = {},
): string => {
  const path = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined || value === '')
      throw new Error(`path parameter ${name} of ${template} is missing`)
    return encodeURIComponent(String(value))
  })
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  ).toString()
  return search ? `${path}?${search}` : path
}

type Given = {
  params?: Record<string, unknown>
  query?: Record<string, QueryValue>
  body?: unknown
  headers?: Record<string, string | undefined>
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

  /**
   * A request of an operation, named by its id: the method and path template come from its
   * definition (`services/api/operations/`), the inputs are typed by its schemas, the answer by its
   * responses (`SuccessBody`). A POST carries a fresh `Idempotency-Key` (retried once on 409 with
   * Retry-After).
   * @example const { body: run } = await client.call('getRun', { params: { runId } })
   */
  const call = async <K extends OperationName>(
    name: K,
    ...[inputs]: InputsArg<Definitions[K]>
  ): Promise<ApiAnswer<SuccessBody<Definitions[K]>>> => {
    const op = await definitionOf(name)
    const given = (inputs ?? {}) as Given
    const headers = Object.fromEntries(
      Object.entries(given.headers ?? {}).flatMap(([k, v]) =>
        v === undefined ? [] : [[k.toLowerCase(), v]],
      ),
    )
    return request<SuccessBody<Definitions[K]>>(op.method, pathOf(op.path, given.params, given.query), {
      body: given.body,
      headers,
      idempotent: op.method === 'POST',
    })
  }

  /** Follows a server-sent-events endpoint until the server ends it. */
  const stream = async function* (path: string): AsyncGenerator<SseMessage> {
    const response = await send(path, { headers: headers({ accept: 'text/event-stream' }) })
    if (!response.ok || !response.body) {
      const body = (await response.json().catch(() => ({}))) as ErrorBody
      throw new CliError(
        body.error?.code ?? `http.${response.status}`,
        body.error?.message ?? response.statusText,
      )
    }
    yield* readSse(response.body)
  }

  /** A GET whose answer is text (bundles, text reports), not JSON. */
  const getText = async (path: string): Promise<string> => {
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
  }

  return {
    url,
    call,
    /** A GET of an operation whose answer is text (bundles, text reports), not JSON; as {@link call}. */
    callText: async <K extends OperationName>(name: K, ...[inputs]: InputsArg<Definitions[K]>) => {
      const given = (inputs ?? {}) as Given
      return getText(pathOf((await definitionOf(name)).path, given.params, given.query))
    },
    /** Follows an operation that answers with server-sent events until the server ends it; as {@link call}. */
    callStream: async function* <K extends OperationName>(
      name: K,
      ...[inputs]: InputsArg<Definitions[K]>
    ): AsyncGenerator<SseMessage> {
      const given = (inputs ?? {}) as Given
      yield* stream(pathOf((await definitionOf(name)).path, given.params, given.query))
    },
  }
}

export type Client = ReturnType<typeof makeClient>
