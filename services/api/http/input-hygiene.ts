import type middy from '@middy/core'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { ApiError } from '../core/api-error.ts'

/** What one request may carry at most; the local server and the OpenAPI document state the same. */
export const INPUT_LIMITS = {
  /** The request body, in bytes (413). */
  bodyBytes: 1024 * 1024,
  /** All header names and values together, in bytes (431). */
  headerBytes: 16 * 1024,
  /** Each path or query parameter (name and value), in characters (400). */
  parameterChars: 2048,
  /** Query parameters per request (400). */
  queryParameters: 32,
} as const

export type InputLimits = { [K in keyof typeof INPUT_LIMITS]: number }

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (UTF-16 code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** True when `text` is well-formed Unicode (`String.prototype.isWellFormed`, ES2024). */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text)

/**
 * Where the first string that is not well-formed Unicode (a lone surrogate) sits in `value`, as a
 * dotted path under `at`; object keys count as much as values. Undefined when all is well.
 * @example illFormedAt({ content: '\ud800' }, 'body') // 'body.content'
 */
export const illFormedAt = (value: unknown, at: string): string | undefined => {
  if (typeof value === 'string') return isWellFormed(value) ? undefined : at
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = illFormedAt(item, `${at}.${i}`)
      if (found) return found
    }
    return undefined
  }
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, item] of Object.entries(value)) {
    if (!isWellFormed(key)) return `${at}.${key.replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD')}`
    const found = illFormedAt(item, `${at}.${key}`)
    if (found) return found
  }
  return undefined
}

/** The 400 for a lone surrogate at `at`. */
export const illFormed = (at: string, what = 'well-formed Unicode (it holds a lone surrogate)') =>
  new ApiError('request.invalidUnicode', `${at}: is not ${what}`)

/** Throws the 400 naming the first ill-formed string of `value`, if any. */
export const assertWellFormed = (value: unknown, at: string): void => {
  const found = illFormedAt(value, at)
  if (found) throw illFormed(found)
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

const checkHeaders = (event: APIGatewayProxyEvent, limits: InputLimits) => {
  const headers = Object.entries(event.headers ?? {})
  const size = headers.reduce((sum, [name, value]) => sum + bytes(name) + bytes(value ?? ''), 0)
  if (size > limits.headerBytes)
    throw new ApiError('request.headersTooLarge', `headers: ${size} bytes exceed ${limits.headerBytes}`)
  assertWellFormed(event.headers, 'header')
  assertWellFormed(event.multiValueHeaders, 'header')
}

const checkParameters = (where: 'path' | 'query', values: Record<string, unknown>, limits: InputLimits) => {
  for (const [name, value] of Object.entries(values)) {
    const length = name.length + (typeof value === 'string' ? value.length : 0)
    if (length > limits.parameterChars)
      throw new ApiError(
        'request.parameterTooLarge',
        `${where}.${name.slice(0, 64)}: longer than ${limits.parameterChars} characters`,
      )
  }
  assertWellFormed(values, where)
}

const checkBody = (event: APIGatewayProxyEvent, limits: InputLimits) => {
  if (typeof event.body !== 'string') return
  const size = Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8')
  if (size > limits.bodyBytes)
    throw new ApiError('request.tooLarge', `body: ${size} bytes exceed ${limits.bodyBytes}`)
  if (!event.isBase64Encoded && !isWellFormed(event.body)) throw illFormed('body')
}

/**
 * The first check of every operation, on both runtimes: sizes within `INPUT_LIMITS` (413 body,
 * 431 headers, 400 a parameter) and well-formed Unicode in every header, path and query parameter
 * and the raw body (400 `request.invalidUnicode` naming the field). The JSON body's strings are
 * checked once parsed, by `zodBody`, with the same `illFormedAt`.
 */
export const inputHygiene = (
  limits: InputLimits = INPUT_LIMITS,
): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  before: ({ event }) => {
    checkHeaders(event, limits)
    checkParameters('path', event.pathParameters ?? {}, limits)
    const query = event.queryStringParameters ?? {}
    if (Object.keys(query).length > limits.queryParameters)
      throw new ApiError('request.parameterTooLarge', `query: more than ${limits.queryParameters} parameters`)
    checkParameters('query', query, limits)
    assertWellFormed(event.multiValueQueryStringParameters, 'query')
    checkBody(event, limits)
  },
})
