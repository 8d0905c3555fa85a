import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { ChorusError } from '../errors/index.ts'
import { assertBlobKey, type BlobStore } from './blob-store.ts'

export interface FileBlobStoreOptions {
  /** Directory that holds every blob; created on first write. Nothing outside it is ever touched. */
  root: string
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'

/**
 * Embedded {@link BlobStore}: one file per key under `root`. Keys are validated (no traversal), and
 * writes go to a temporary file in the same directory that is then renamed over the target, so a
 * reader sees the old or the new bytes, never a torn file.
 */
export const makeFileBlobStore = ({ root }: FileBlobStoreOptions): BlobStore => {
  const base = resolve(root)

  const pathOf = (key: string): string => {
    assertBlobKey(key)
    const path = resolve(base, ...key.split('/'))
    // Defence in depth: validation already rules out `..`, absolute paths and separators.
    if (!path.startsWith(base + sep))
      throw new ChorusError('blob.invalidKey', 'blob key escapes the store root', { details: { key } })
    return path
  }

  return {
    put: async (key, bytes) => {
      const path = pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      const temp = join(dirname(path), `.tmp-${randomUUID()}`)
      try {
        await writeFile(temp, bytes, { flag: 'wx' })
        await rename(temp, path)
      } catch (error) {
        await rm(temp, { force: true })
        throw error
      }
    },

    get: async (key) => {
      try {
        return new Uint8Array(await readFile(pathOf(key)))
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },

    delete: async (keyOrPrefix) => {
      await rm(pathOf(keyOrPrefix), { recursive: true, force: true })
    },
  }
}
