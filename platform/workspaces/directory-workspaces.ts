import { randomUUID } from 'node:crypto'
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { TenantId } from '#events'
import { resolveInJail } from './jail.ts'
import { tooLarge, type Workspaces, workspaceSegments } from './workspace.ts'

export interface DirectoryWorkspacesOptions {
  /** Holds one directory per tenant, `<root>/<tenantId>/`, created on first use. */
  root: string
}

/**
 * Embedded {@link Workspaces}: each tenant's files in its own directory under `root`. A path is
 * checked twice: as text (no `..`, no absolute path) and on disk (no symlink leading out of the
 * tenant's directory, see `resolveInJail`), so neither a path trick nor a planted link crosses tenants.
 */
export const makeDirectoryWorkspaces = ({ root }: DirectoryWorkspacesOptions): Workspaces => {
  const base = resolve(root)

  const locate = async (tenantId: TenantId, path: string) => {
    const home = join(base, TenantId.parse(tenantId))
    await mkdir(home, { recursive: true })
    return resolveInJail(home, workspaceSegments(path).join('/') || '.')
  }

  return {
    read: async (tenantId, path, maxBytes) => {
      const file = await locate(tenantId, path)
      const stat = await lstat(file).catch(() => undefined)
      if (!stat?.isFile()) return undefined
      if (stat.size > maxBytes) throw tooLarge(path, stat.size, maxBytes)
      return new Uint8Array(await readFile(file))
    },

    write: async (tenantId, path, bytes) => {
      const file = await locate(tenantId, path)
      await mkdir(dirname(file), { recursive: true })
      const temp = join(dirname(file), `.tmp-${randomUUID()}`)
      try {
        await writeFile(temp, bytes, { flag: 'wx' })
        await rename(temp, file)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
      }
    },

    list: async (tenantId, path, limit) => {
      const dir = await locate(tenantId, path)
      const stat = await lstat(dir).catch(() => undefined)
      if (!stat?.isDirectory()) return undefined
      return (await readdir(dir, { withFileTypes: true }))
        .filter((entry) => !entry.name.startsWith('.tmp-') && (entry.isFile() || entry.isDirectory()))
        .map((entry) => ({
          name: entry.name,
          type: entry.isDirectory() ? ('dir' as const) : ('file' as const),
        }))
        .sort((a, b) => a.name.localeCompare(b.name))
        .slice(0, limit)
    },
  }
}
