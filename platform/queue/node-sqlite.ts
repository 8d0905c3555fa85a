import { createRequire } from 'node:module'

type NodeSqlite = typeof import('node:sqlite')

/**
 * `node:sqlite`, loaded without its one-time "experimental" warning (Node 22 prints it on every
 * start; the module is stable enough for Chorus and covered by its tests). Other warnings pass.
 */
const load = (): NodeSqlite => {
  const emit = process.emitWarning
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message
    if (!text.includes('SQLite is an experimental feature'))
      (emit as (...args: unknown[]) => void).call(process, warning, ...rest)
  }) as typeof process.emitWarning
  try {
    return createRequire(import.meta.url)('node:sqlite') as NodeSqlite
  } finally {
    process.emitWarning = emit
  }
}

export const { DatabaseSync } = load()
