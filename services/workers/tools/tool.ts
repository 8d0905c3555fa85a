import { z } from 'zod'
import { redactPaths } from '#platform/errors/index.ts'

/** What every tool call returns: data with metadata, or an error that says whether a retry helps. */
export type ToolResult<T = unknown> =
  | { ok: true; data: T; meta: Record<string, string | number | boolean> }
  | { ok: false; error: { code: string; message: string; retryable: boolean } }

/** Where a tool call happens; tools never see other tenants' data. */
export interface ToolContext {
  tenantId: string
  runId: string
  stepId: string
  signal?: AbortSignal
}

/** What the planner and the admin API see of a tool. */
export interface ToolDescription {
  name: string
  description: string
  /** JSON Schema of the input. */
  inputSchema: Record<string, unknown>
  /** A plan with a team that declares this tool waits for a person's approval (ADR 0023). */
  requiresApproval?: boolean
}

export const toolFailure = (code: string, message: string, retryable = false): ToolResult<never> => ({
  ok: false,
  error: { code, message, retryable },
})

/**
 * A tool: a name, a description, a Zod input schema and `run`. `call` validates the input
 * first and turns anything thrown into a failed ToolResult, so a tool never throws at its caller.
 */
export abstract class ChorusTool<Input = unknown, Output = unknown> {
  abstract readonly name: string
  abstract readonly description: string
  abstract readonly input: z.ZodType<Input>
  /** A plan with a team that declares this tool waits for a person's approval (ADR 0023). */
  requiresApproval = false

  protected abstract run(input: Input, context: ToolContext): Promise<ToolResult<Output>>

  describe(): ToolDescription {
    return {
      name: this.name,
      description: this.description,
      ...(this.requiresApproval ? { requiresApproval: true } : {}),
      inputSchema: z.toJSONSchema(this.input, { io: 'input', unrepresentable: 'any' }) as Record<
        string,
        unknown
      >,
    }
  }

  async call(raw: unknown, context: ToolContext): Promise<ToolResult<Output>> {
    const parsed = this.input.safeParse(raw)
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`)
        .join('; ')
      return toolFailure('tool.invalidInput', problems)
    }
    try {
      return await this.run(parsed.data, context)
    } catch (error) {
      return toolFailure(
        'tool.failed',
        redactPaths(error instanceof Error ? error.message : String(error)),
        true,
      )
    }
  }
}
