import { z } from 'zod'
import { isChorusError } from '#platform/errors/index.ts'
import { ChorusTool, type ToolContext, type ToolResult, toolFailure } from '../tool.ts'
import type { AddressPolicy } from './address-policy.ts'
import { type GuardedResponse, guardedFetch } from './guarded-fetch.ts'
import { readableText } from './readable-text.ts'

export interface StaticWebToolOptions {
  policy?: AddressPolicy
  timeoutMs?: number
  maxBytes?: number
  /** Longest text handed back to the model. */
  maxChars?: number
}

/**
 * Base of tools that read the public web: requests go through the SSRF guard (resolved
 * addresses checked, also after redirects), with time and size limits.
 */
export abstract class StaticWebTool<Input, Output> extends ChorusTool<Input, Output> {
  protected readonly options: Required<Omit<StaticWebToolOptions, 'policy'>> & { policy: AddressPolicy }

  constructor(options: StaticWebToolOptions = {}) {
    super()
    this.options = { policy: {}, timeoutMs: 10_000, maxBytes: 2 * 1024 * 1024, maxChars: 20_000, ...options }
  }

  protected async get(url: string, context: ToolContext): Promise<GuardedResponse | ToolResult<never>> {
    try {
      return await guardedFetch(url, {
        policy: this.options.policy,
        timeoutMs: this.options.timeoutMs,
        maxBytes: this.options.maxBytes,
        ...(context.signal ? { signal: context.signal } : {}),
      })
    } catch (error) {
      if (isChorusError(error)) return toolFailure(error.code, error.message, error.retryable)
      return toolFailure('tool.failed', (error as Error).message, true)
    }
  }
}

export class WebFetchTool extends StaticWebTool<
  { url: string },
  { url: string; title: string; text: string }
> {
  readonly name = 'web.fetch'
  readonly description = 'Fetch a public web page and return its readable text.'
  readonly input = z.object({ url: z.url({ protocol: /^https?$/ }) }).strict()

  protected async run({ url }: { url: string }, context: ToolContext) {
    const response = await this.get(url, context)
    if ('ok' in response) return response
    if (response.status >= 400)
      return toolFailure('tool.httpError', `${url} answered ${response.status}`, response.status >= 500)
    const type = String(response.headers['content-type'] ?? '')
    const raw = response.body.toString('utf8')
    const { title, text } =
      type.includes('html') || /<html/i.test(raw) ? readableText(raw) : { title: '', text: raw }
    const cut = text.slice(0, this.options.maxChars)
    return {
      ok: true as const,
      data: { url: response.url, title, text: cut },
      meta: { status: response.status, bytes: response.body.length, truncated: cut.length < text.length },
    }
  }
}
