import { Ajv, type ValidateFunction } from 'ajv'
import { z } from 'zod'
import { isChorusError } from '#platform/errors/index.ts'
import { ChorusTool, type ToolContext, type ToolDescription, type ToolResult, toolFailure } from '../tool.ts'
import type { AddressPolicy } from '../web/address-policy.ts'
import { guardedFetch } from '../web/guarded-fetch.ts'
import { type HttpToolDefinition, project, type SecretReader } from './http-tool-definition.ts'

type Input = Record<string, unknown>

export interface HttpApiToolOptions {
  secrets: SecretReader
  policy?: AddressPolicy
  timeoutMs?: number
}

const PLACEHOLDER = /\{([a-zA-Z_]\w*)\}/g

/**
 * An HTTP/API tool built from a definition (data). Input is checked against the definition's
 * JSON Schema; the secret is read at call time and never appears in the result, its metadata,
 * or an error message (it is scrubbed from anything the API echoes back).
 */
export class HttpApiTool extends ChorusTool<Input, unknown> {
  readonly name: string
  readonly description: string
  readonly input = z.record(z.string(), z.unknown())
  private readonly validate: ValidateFunction

  constructor(
    private readonly definition: HttpToolDefinition,
    private readonly options: HttpApiToolOptions,
  ) {
    super()
    this.name = definition.name
    this.description = definition.description
    this.requiresApproval = definition.requiresApproval === true
    this.validate = new Ajv({ strict: false, allErrors: true }).compile(definition.input)
  }

  override describe(): ToolDescription {
    return {
      name: this.name,
      description: this.description,
      inputSchema: this.definition.input,
      ...(this.requiresApproval ? { requiresApproval: true } : {}),
    }
  }

  protected async run(input: Input, context: ToolContext): Promise<ToolResult<unknown>> {
    if (!this.validate(input)) {
      const problems = (this.validate.errors ?? []).map((e) => `${e.instancePath || '(input)'} ${e.message}`)
      return toolFailure('tool.invalidInput', problems.join('; '))
    }
    const { definition } = this
    const secret = definition.auth ? await this.options.secrets(definition.auth.secret) : undefined
    if (definition.auth && !secret)
      return toolFailure('tool.misconfigured', `secret ${definition.auth.secret} is not set`)
    const used = new Set<string>()
    const fill = (template: string) =>
      template.replace(PLACEHOLDER, (_, field: string) => {
        used.add(field)
        return encodeURIComponent(String(input[field] ?? ''))
      })
    const url = new URL(fill(definition.url))
    const headers: Record<string, string> = { accept: 'application/json' }
    for (const [name, value] of Object.entries(definition.headers)) headers[name] = fill(value)
    if (definition.auth?.type === 'bearer') headers.authorization = `Bearer ${secret}`
    if (definition.auth?.type === 'header') headers[definition.auth.name] = secret as string
    if (definition.auth?.type === 'query') url.searchParams.set(definition.auth.name, secret as string)
    const rest = Object.fromEntries(Object.entries(input).filter(([key]) => !used.has(key)))
    const body = definition.body === 'json' ? JSON.stringify(rest) : undefined
    if (body) headers['content-type'] = 'application/json'

    const scrub = (text: string) => (secret ? text.split(secret).join('[redacted]') : text)
    try {
      const response = await guardedFetch(url.toString(), {
        method: definition.method,
        headers,
        ...(body ? { body } : {}),
        policy: this.options.policy ?? {},
        timeoutMs: this.options.timeoutMs ?? 10_000,
        ...(context.signal ? { signal: context.signal } : {}),
      })
      const text = scrub(response.body.toString('utf8'))
      if (response.status >= 400)
        return toolFailure(
          'tool.httpError',
          `${definition.name} answered ${response.status}: ${text.slice(0, 300)}`,
          response.status === 429 || response.status >= 500,
        )
      let data: unknown = text
      try {
        data = JSON.parse(text)
      } catch {
        // not JSON: hand back the text
      }
      const picked = definition.response.pick
        ? Object.fromEntries(definition.response.pick.map((path) => [path, project(data, path)]))
        : data
      const serialized = JSON.stringify(picked) ?? ''
      const fits = serialized.length <= definition.response.maxChars
      return {
        ok: true,
        data: fits ? picked : serialized.slice(0, definition.response.maxChars),
        meta: { status: response.status, truncated: !fits },
      }
    } catch (error) {
      const message = scrub(error instanceof Error ? error.message : String(error))
      if (isChorusError(error)) return toolFailure(error.code, message, error.retryable)
      return toolFailure('tool.failed', message, true)
    }
  }
}
