import { createHash } from 'node:crypto'

/**
 * Canonical JSON of a value, the input of the run log's hash chain: object keys sorted by
 * UTF-16 code units, no whitespace, `undefined` members left out, arrays in order, strings and
 * numbers as `JSON.stringify` writes them (so the same value always gives the same bytes).
 * Non-finite numbers, functions, symbols and bigints are refused: they have no JSON form.
 */
export const canonicalJson = (value: unknown): string => {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonical JSON has no form for ${value}`)
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value))
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`
    }
    default:
      throw new TypeError(`canonical JSON has no form for a ${typeof value}`)
  }
}

/** The hash before the first event of every run. */
export const GENESIS_HASH = '0'.repeat(64)

/** `sha256(prevHash + canonicalJson(event))`, hex: one link of a run's hash chain. */
export const chainHash = (prevHash: string, event: { meta: unknown; data: unknown }): string =>
  createHash('sha256')
    .update(prevHash + canonicalJson({ meta: event.meta, data: event.data }))
    .digest('hex')
