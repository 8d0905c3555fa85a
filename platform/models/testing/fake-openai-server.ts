import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** The parts of a chat-completions request the fake server looks at. */
export interface ChatRequest {
  model: string
  messages: { role: string; content: string | null }[]
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } }
  tools?: { type: 'function'; function: { name: string } }[]
}

/**
 * What the script answers: a message (cut off when `finishReason` says so), tool calls, an HTTP error,
 * or a raw body that is not a chat completion (e.g. a proxy's HTML page). Answers report usage.
 */
export type FakeReply =
  | { content: string; finishReason?: 'stop' | 'length' | 'content_filter' }
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[] }
  | { status: number; error: string; retryAfterSeconds?: number }
  | { status: number; raw: string; contentType?: string }

/**
 * Answers the request at `index`. `signal` aborts when the client goes away before the answer
 * (it aborted the request), so a script can hold a request open until then.
 */
export type FakeScript = (
  request: ChatRequest,
  index: number,
  call: { signal: AbortSignal },
) => FakeReply | Promise<FakeReply>

/** A reply that never comes: holds the request open until the client aborts it. */
export const holdUntilAborted = (signal: AbortSignal): Promise<FakeReply> =>
  new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve({ status: 499, error: 'client went away' }), {
      once: true,
    }),
  )

/**
 * A minimal OpenAI-compatible server (`POST /v1/chat/completions`, non-streaming) driven by a
 * script, so tests exercise the real `@langchain/openai` client over HTTP. Every request is kept,
 * and so is every request whose client closed the connection before it was answered.
 */
export const startFakeOpenAI = async (script: FakeScript, options: { port?: number } = {}) => {
  const requests: ChatRequest[] = []
  const aborted: ChatRequest[] = []
  let current = script
  const server = createServer(async (req, res) => {
    const gone = new AbortController()
    res.on('close', () => {
      if (!res.writableFinished) gone.abort()
    })
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions'))
      return send(404, {
        error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
      })
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest
    requests.push(request)
    gone.signal.addEventListener('abort', () => aborted.push(request), { once: true })
    const reply = await current(request, requests.length - 1, { signal: gone.signal })
    if (gone.signal.aborted) return
    if ('raw' in reply) {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' })
      return res.end(reply.raw)
    }
    if ('status' in reply)
      return send(
        reply.status,
        { error: { message: reply.error, type: 'api_error', code: String(reply.status) } },
        reply.retryAfterSeconds === undefined ? {} : { 'retry-after': String(reply.retryAfterSeconds) },
      )
    const promptTokens = JSON.stringify(request.messages).length >> 2
    const message =
      'content' in reply
        ? { role: 'assistant', content: reply.content }
        : {
            role: 'assistant',
            content: null,
            tool_calls: reply.toolCalls.map((call, i) => ({
              id: `call_${requests.length}_${i}`,
              type: 'function',
              function: { name: call.name, arguments: JSON.stringify(call.arguments) },
            })),
          }
    const completionTokens = JSON.stringify(message).length >> 2
    send(200, {
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [
        {
          index: 0,
          message,
          finish_reason: 'content' in reply ? (reply.finishReason ?? 'stop') : 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    })
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    /** Requests the client aborted (closed the connection) before they were answered. */
    aborted,
    /** Replaces the script (e.g. per test). */
    script: (next: FakeScript) => {
      current = next
      requests.length = 0
      aborted.length = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The user message of a request, parsed as the planner's JSON prompt when it is one. */
export const lastUserText = (request: ChatRequest): string =>
  [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? ''
