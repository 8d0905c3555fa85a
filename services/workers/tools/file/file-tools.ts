import { z } from 'zod'
import { isChorusError } from '#platform/errors/index.ts'
import type { Workspaces } from '#platform/workspaces/index.ts'
import { ChorusTool, type ToolContext, type ToolResult, toolFailure } from '../tool.ts'

export interface FileToolOptions {
  /** The tenants' workspaces; each call works in the workspace of its context's tenant. */
  workspaces: Workspaces
  /** Largest file read or written, in bytes. */
  maxBytes?: number
}

const MAX_ENTRIES = 1000

/**
 * Base of the file tools: every call works in the calling tenant's workspace (the tenant comes from
 * the step being run, never from the model), sizes are bounded, refusals are failed results.
 */
export abstract class FileTool<Input, Output> extends ChorusTool<Input, Output> {
  protected readonly workspaces: Workspaces
  protected readonly maxBytes: number

  constructor(options: FileToolOptions) {
    super()
    this.workspaces = options.workspaces
    this.maxBytes = options.maxBytes ?? 1024 * 1024
  }

  /** Runs `work`, turning a refusal (`tool.pathRefused`, `tool.tooLarge`) into a failed result. */
  protected async refusing(work: () => Promise<ToolResult<Output>>): Promise<ToolResult<Output>> {
    try {
      return await work()
    } catch (error) {
      if (isChorusError(error) && error.code.startsWith('tool.'))
        return toolFailure(error.code, error.message)
      throw error
    }
  }
}

const Path = z.string().min(1).max(1024)

export class FileReadTool extends FileTool<{ path: string }, { path: string; content: string }> {
  readonly name = 'file.read'
  readonly description = 'Read a UTF-8 text file from the workspace.'
  readonly input = z.object({ path: Path }).strict()

  protected run({ path }: { path: string }, { tenantId }: ToolContext) {
    return this.refusing(async () => {
      const bytes = await this.workspaces.read(tenantId, path, this.maxBytes)
      if (!bytes) return toolFailure('tool.notFound', `no file at ${path}`)
      const content = new TextDecoder().decode(bytes)
      return { ok: true as const, data: { path, content }, meta: { bytes: bytes.byteLength } }
    })
  }
}

export class FileWriteTool extends FileTool<
  { path: string; content: string },
  { path: string; bytes: number }
> {
  readonly name = 'file.write'
  readonly description = 'Write a UTF-8 text file in the workspace, replacing it if it exists.'
  readonly input = z.object({ path: Path, content: z.string() }).strict()

  protected run({ path, content }: { path: string; content: string }, { tenantId }: ToolContext) {
    return this.refusing(async () => {
      const bytes = new TextEncoder().encode(content)
      if (bytes.byteLength > this.maxBytes)
        return toolFailure('tool.tooLarge', `${bytes.byteLength} bytes exceed the limit of ${this.maxBytes}`)
      await this.workspaces.write(tenantId, path, bytes)
      return { ok: true as const, data: { path, bytes: bytes.byteLength }, meta: { bytes: bytes.byteLength } }
    })
  }
}

export class FileListTool extends FileTool<
  { path: string },
  { path: string; entries: { name: string; type: string }[] }
> {
  readonly name = 'file.list'
  readonly description = 'List a directory of the workspace.'
  readonly input = z.object({ path: Path.default('.') }).strict()

  protected run({ path }: { path: string }, { tenantId }: ToolContext) {
    return this.refusing(async () => {
      const entries = await this.workspaces.list(tenantId, path, MAX_ENTRIES)
      if (!entries) return toolFailure('tool.notFound', `no directory at ${path}`)
      return { ok: true as const, data: { path, entries }, meta: { entries: entries.length } }
    })
  }
}

/** The three file tools over the tenants' workspaces. */
export const makeFileTools = (options: FileToolOptions) => [
  new FileReadTool(options),
  new FileWriteTool(options),
  new FileListTool(options),
]
