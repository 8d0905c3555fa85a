import { lstat, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { isChorusError } from '../../errors/index.ts'
import { ChorusTool, type ToolContext, type ToolResult, toolFailure } from '../tool.ts'
import { resolveInJail } from './jail.ts'

export interface FileToolOptions {
  /** Every path is resolved inside this directory. */
  root: string
  /** Largest file read or written, in bytes. */
  maxBytes?: number
}

/** Base of the file tools: paths jailed to `root`, sizes bounded, refusals as failed results. */
export abstract class FileTool<Input, Output> extends ChorusTool<Input, Output> {
  protected readonly root: string
  protected readonly maxBytes: number

  constructor(options: FileToolOptions) {
    super()
    this.root = options.root
    this.maxBytes = options.maxBytes ?? 1024 * 1024
  }

  protected async inJail(path: string, work: (resolved: string) => Promise<ToolResult<Output>>) {
    let resolved: string
    try {
      resolved = await resolveInJail(this.root, path)
    } catch (error) {
      if (isChorusError(error)) return toolFailure(error.code, error.message)
      throw error
    }
    return work(resolved)
  }
}

const Path = z.string().min(1).max(1024)

export class FileReadTool extends FileTool<{ path: string }, { path: string; content: string }> {
  readonly name = 'file.read'
  readonly description = 'Read a UTF-8 text file from the workspace.'
  readonly input = z.object({ path: Path }).strict()

  protected run({ path }: { path: string }, _context: ToolContext) {
    return this.inJail(path, async (resolved) => {
      const stat = await lstat(resolved).catch(() => undefined)
      if (!stat?.isFile()) return toolFailure('tool.notFound', `no file at ${path}`)
      if (stat.size > this.maxBytes)
        return toolFailure('tool.tooLarge', `${path} is ${stat.size} bytes; the limit is ${this.maxBytes}`)
      const content = await readFile(resolved, 'utf8')
      return { ok: true as const, data: { path, content }, meta: { bytes: stat.size } }
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

  protected run({ path, content }: { path: string; content: string }, context: ToolContext) {
    return this.inJail(path, async (resolved) => {
      const bytes = Buffer.byteLength(content, 'utf8')
      if (bytes > this.maxBytes)
        return toolFailure('tool.tooLarge', `${bytes} bytes exceed the limit of ${this.maxBytes}`)
      await mkdir(dirname(resolved), { recursive: true })
      const temp = join(dirname(resolved), `.${context.stepId}.${process.pid}.${Date.now()}.tmp`)
      await writeFile(temp, content, 'utf8')
      await rename(temp, resolved)
      return { ok: true as const, data: { path, bytes }, meta: { bytes } }
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

  protected run({ path }: { path: string }, _context: ToolContext) {
    return this.inJail(path, async (resolved) => {
      const stat = await lstat(resolved).catch(() => undefined)
      if (!stat?.isDirectory()) return toolFailure('tool.notFound', `no directory at ${path}`)
      const entries = (await readdir(resolved, { withFileTypes: true }))
        .slice(0, 1000)
        .map((e) => ({ name: e.name, type: e.isDirectory() ? 'dir' : e.isSymbolicLink() ? 'link' : 'file' }))
        .sort((a, b) => a.name.localeCompare(b.name))
      return { ok: true as const, data: { path, entries }, meta: { entries: entries.length } }
    })
  }
}

/** The three file tools over one root. */
export const makeFileTools = (options: FileToolOptions) => [
  new FileReadTool(options),
  new FileWriteTool(options),
  new FileListTool(options),
]
