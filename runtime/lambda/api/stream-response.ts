import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { type ApiResult, isStreaming } from '#services/api/index.ts'

/**
 * The Lambda runtime's `awslambda.HttpResponseStream.from`: writes the status and headers (the
 * prelude API Gateway reads) ahead of the body, and returns the stream to write the body to.
 */
export type HttpResponseStreamFrom = (
  responseStream: Writable,
  prelude: { statusCode: number; headers: Record<string, string> },
) => Writable

export interface StreamResultOptions {
  from: HttpResponseStreamFrom
  /** True when the invocation must end its answer now, to finish before Lambda's timeout. */
  outOfTime: () => boolean
}

const headersOf = (result: ApiResult): Record<string, string> =>
  Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]))

/**
 * Sends a handler's answer down a Lambda response stream: the prelude, then the body as it comes.
 * A streaming body is cut when the invocation runs `outOfTime` or the client goes away; cutting it
 * closes the body, which stops the handler's reads (`followRun`'s abort). The answer then ends
 * cleanly, and the client resumes with `Last-Event-ID` (ADR 0030).
 */
export const streamResult = async (
  result: ApiResult,
  responseStream: Writable,
  { from, outOfTime }: StreamResultOptions,
): Promise<void> => {
  const out = from(responseStream, { statusCode: result.statusCode, headers: headersOf(result) })
  if (!isStreaming(result)) {
    out.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body)
    return
  }
  const body = result.body
  const gone = () => body.destroy()
  out.once('close', gone)
  try {
    for await (const chunk of body) {
      if (!out.write(chunk)) await Promise.race([once(out, 'drain'), once(out, 'close')])
      if (out.destroyed || outOfTime()) break
    }
  } catch (error) {
    // A body closed because the client went away ends early; anything else is the handler's failure.
    if (!out.destroyed) throw error
  } finally {
    out.off('close', gone)
    body.destroy()
    if (!out.destroyed) out.end()
  }
}
