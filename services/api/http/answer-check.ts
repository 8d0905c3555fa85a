import type { z } from 'zod'
import { errorStatusesOf, type Operation } from '../operation.ts'
import { API_OPERATIONS } from '../routes.ts'
import { ErrorBody } from './responses.ts'

/** An answer as a client read it: status, headers and the body's text. */
export interface Answer {
  status: number
  headers: Headers
  text: string
}

const template = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`)

/**
 * The operation of `operations` that serves `METHOD path` (a concrete path, its query ignored): the one
 * whose template matches with the fewest parameters, so `/events/schemas` is not `/events/{x}`.
 */
export const operationFor = <O extends Operation>(
  operations: readonly O[],
  method: string,
  path: string,
): O | undefined => {
  const bare = path.split('?')[0] ?? path
  return operations
    .filter((op) => op.method === method && template(op.path).test(bare))
    .sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))[0]
}

const mediaOf = (headers: Headers) => (headers.get('content-type') ?? '').split(';')[0]?.trim() ?? ''

const schemaProblems = (schema: z.ZodType, text: string, what: string): string[] => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return [`${what} is not JSON`]
  }
  return valueProblems(schema, value, what)
}

const valueProblems = (schema: z.ZodType, value: unknown, what: string): string[] => {
  const parsed = schema.safeParse(value)
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => `${what}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`)
}

/** The events of a server-sent event stream, as a client parses them (comments and `retry`-only frames aside). */
const sseEvents = (text: string): Record<string, string | number>[] =>
  text
    .split(/\n\n/)
    .map((frame) =>
      Object.fromEntries(
        frame
          .split('\n')
          .filter((line) => line && !line.startsWith(':'))
          .map((line) => {
            const [field = '', ...rest] = line.split(':')
            const value = rest.join(':').replace(/^ /, '')
            return [field, field === 'retry' ? Number(value) : value]
          }),
      ),
    )
    .filter((fields) => 'data' in fields)

/**
 * What is wrong with an answer, measured against the operation that gave it: a status it does not
 * declare (its own or one every request may get), an error body that is not the problem format, a
 * media type it does not declare, a body its schema refuses, a required header missing. Empty when
 * the answer is as the operation (and so the OpenAPI document) says.
 */
export const answerProblems = (op: Operation, { status, headers, text }: Answer): string[] => {
  const declared = op.responses[status]
  if (!declared && !errorStatusesOf(op).includes(status))
    return [`status ${status} is not declared (${Object.keys(op.responses).join(', ')} and the errors)`]
  if (status >= 400) {
    if (mediaOf(headers) !== 'application/json')
      return [`error ${status} is ${mediaOf(headers) || 'no'} JSON`]
    return schemaProblems(ErrorBody, text, 'error body')
  }
  const response = declared ?? { description: '' }
  const problems = Object.entries(response.headers ?? {})
    .filter(([name, h]) => h.required && !headers.has(name))
    .map(([name]) => `header ${name} is missing`)
  const media = mediaOf(headers)
  const bodies: Record<string, z.ZodType | undefined> = {
    ...(response.schema || response.contentType
      ? { [response.contentType ?? 'application/json']: response.schema }
      : {}),
    ...response.alternatives,
  }
  if (Object.keys(bodies).length === 0)
    return text === '' ? problems : [...problems, `a ${status} has no body, got ${media || 'one'}`]
  if (!(media in bodies)) return [...problems, `media type ${media || 'none'} is not declared`]
  const schema = bodies[media]
  if (!schema) return problems
  if (media === 'text/event-stream')
    return [...problems, ...sseEvents(text).flatMap((event, i) => valueProblems(schema, event, `event ${i}`))]
  return [...problems, ...schemaProblems(schema, text, 'body')]
}

/**
 * Throws when an answer of an operation of the API is not as the operation declares (`answerProblems`):
 * the test harnesses call it on every answer, so a mismatch fails the test that made the request. Paths
 * that are no operation (the console, the API reference) pass.
 */
export const checkAnswer = (method: string, path: string, answer: Answer): void => {
  const op = operationFor(API_OPERATIONS, method, path)
  const problems = op ? answerProblems(op, answer) : []
  if (op && problems.length > 0)
    throw new Error(
      `${method} ${path} answered ${answer.status}, not as ${op.operationId} declares: ${problems.join('; ')}\n${answer.text.slice(0, 500)}`,
    )
}
