import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

/** What `chorus.pid` in a data directory says of the process holding it, and where it serves once listening. */
export const DataDirHolder = z.object({
  pid: z.number().int(),
  startedAt: z.string(),
  url: z.string().optional(),
})
export type DataDirHolder = z.infer<typeof DataDirHolder>

/** The pid file of a data directory. */
export const pidFileOf = (dataDir: string) => join(dataDir, 'chorus.pid')

/** The holder the pid file names, or undefined when there is none (or it cannot be read). */
export const readDataDirHolder = (dataDir: string): DataDirHolder | undefined => {
  try {
    return DataDirHolder.parse(JSON.parse(readFileSync(pidFileOf(dataDir), 'utf8')))
  } catch {
    return undefined
  }
}

/** Notes this process as the holder (and its URL once it listens): other tools find the server there. */
export const writeDataDirHolder = (dataDir: string, holder: DataDirHolder) =>
  writeFileSync(pidFileOf(dataDir), JSON.stringify(holder))
