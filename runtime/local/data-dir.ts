import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { ChorusError, isChorusError } from '#platform/errors/index.ts'
import type { QueueStore } from '#platform/queue/index.ts'
import { openSqliteQueueStore } from '#platform/queue/sqlite-queue-store.ts'
import { pidFileOf, readDataDirHolder, writeDataDirHolder } from './data-dir-holder.ts'

/**
 * Counts the starts on a data directory (read and written under its lock): a lease taken by an
 * earlier incarnation belongs to a process that is gone, so this one may take it over at once.
 */
const nextIncarnation = (file: string) => {
  let previous = 0
  try {
    previous = z.coerce.number().int().nonnegative().parse(readFileSync(file, 'utf8').trim())
  } catch {
    // First start, or an unreadable count: start over (leases then wait for their expiry).
  }
  writeFileSync(file, String(previous + 1))
  return previous + 1
}

/**
 * Claims the data directory for this process: opens its durable queue store, whose exclusive
 * SQLite lock the operating system releases when the process ends (also on `kill -9`), and notes
 * the holder in `chorus.pid`. A second process on the same directory stops at once with
 * `runtime.dataDirInUse`, naming the directory and the process that holds it.
 */
export const claimDataDir = (
  dataDir: string,
): { queues: QueueStore; incarnation: number; announce: (url: string) => void; release: () => void } => {
  const pidFile = pidFileOf(dataDir)
  let queues: QueueStore
  try {
    queues = openSqliteQueueStore({ path: join(dataDir, 'queues.sqlite') })
  } catch (error) {
    if (!isChorusError(error) || error.code !== 'queue.locked') throw error
    const holder = readDataDirHolder(dataDir)
    const who = holder ? `process ${holder.pid}, started ${holder.startedAt}` : 'another process'
    throw new ChorusError(
      'runtime.dataDirInUse',
      `the data directory ${dataDir} is in use by ${who}; stop it, or set CHORUS_DATA_DIR to another directory`,
      { cause: error },
    )
  }
  const startedAt = new Date().toISOString()
  writeDataDirHolder(dataDir, { pid: process.pid, startedAt })
  return {
    queues,
    incarnation: nextIncarnation(join(dataDir, 'incarnation')),
    /** Adds the URL the server listens on to `chorus.pid` (`chorus env` and `chorus doctor` read it). */
    announce: (url) => writeDataDirHolder(dataDir, { pid: process.pid, startedAt, url }),
    release: () => {
      queues.close()
      if (readDataDirHolder(dataDir)?.pid === process.pid) rmSync(pidFile, { force: true })
    },
  }
}
