import type { TenantId } from '#events'
import { ChorusError } from '../errors/index.ts'

/** One entry of a workspace directory. */
export interface WorkspaceEntry {
  name: string
  type: 'file' | 'dir'
}

/**
 * The files the file tools work on, one workspace per tenant. Every operation names the tenant,
 * and each adapter keeps tenants apart by construction (a directory or a key prefix per tenant),
 * so no path a model can write reaches another tenant's files.
 */
export interface Workspaces {
  /** The file's bytes, or undefined when there is none; `tool.tooLarge` past `maxBytes`. */
  read(tenantId: TenantId, path: string, maxBytes: number): Promise<Uint8Array | undefined>
  /** Writes (or replaces) the file; readers see the old or the new bytes, never a mix. */
  write(tenantId: TenantId, path: string, bytes: Uint8Array): Promise<void>
  /** The directory's entries by name (at most `limit`), or undefined when there is no such directory. */
  list(tenantId: TenantId, path: string, limit: number): Promise<WorkspaceEntry[] | undefined>
}

const MAX_DEPTH = 32
const MAX_SEGMENT_BYTES = 255
// Control characters, and the separator of the other platform: never part of a workspace name.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/

export const pathRefused = (message: string) => new ChorusError('tool.pathRefused', message)

/**
 * The segments of a path a model asked for, relative to the tenant's workspace, or `tool.pathRefused`:
 * absolute paths, `..`, control characters and backslashes are refused; empty and `.` segments
 * are dropped (`./notes/` is `notes`). The root itself is `[]`.
 * @example workspaceSegments('notes/./a.txt') // ['notes', 'a.txt']
 */
export const workspaceSegments = (requested: string): string[] => {
  if (FORBIDDEN_CHARACTERS.test(requested))
    throw pathRefused('paths may not hold control characters or backslashes')
  if (requested.startsWith('/') || /^[A-Za-z]:/.test(requested))
    throw pathRefused(`absolute paths are not allowed: ${requested}`)
  const segments = requested.split('/').filter((s) => s !== '' && s !== '.')
  if (segments.includes('..')) throw pathRefused(`".." is not allowed in paths: ${requested}`)
  if (segments.length > MAX_DEPTH) throw pathRefused(`paths are at most ${MAX_DEPTH} levels deep`)
  if (segments.some((s) => Buffer.byteLength(s) > MAX_SEGMENT_BYTES))
    throw pathRefused(`a path segment is longer than ${MAX_SEGMENT_BYTES} bytes`)
  return segments
}

export const tooLarge = (path: string, bytes: number, limit: number) =>
  new ChorusError('tool.tooLarge', `${path} is ${bytes} bytes; the limit is ${limit}`)
