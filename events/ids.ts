import { monotonicFactory } from 'ulid'
import { z } from 'zod'

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/

/** Identifiers: lowercase slugs for names chosen by people, ULIDs for everything Chorus mints. */
export const TenantId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lowercase slug')
export type TenantId = z.infer<typeof TenantId>

export const ChatId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, _ or -')
export type ChatId = z.infer<typeof ChatId>

export const RunId = z.string().regex(ULID, 'must be a ULID')
export type RunId = z.infer<typeof RunId>

export const EventId = z.string().regex(ULID, 'must be a ULID')
export type EventId = z.infer<typeof EventId>

export const TeamName = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lowercase slug')
export type TeamName = z.infer<typeof TeamName>

export const StepId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a lowercase slug')
export type StepId = z.infer<typeof StepId>

/**
 * ULID's randomness from the operating system's CSPRNG, one byte per character as the library's own
 * default takes it, but drawn from a pooled buffer: the default asks the CSPRNG once per character
 * (16 calls per id), which cost about 2 % of the CPU of a run.
 */
const pooledRandom = (() => {
  const pool = new Uint8Array(4096)
  let next = pool.length
  return () => {
    if (next === pool.length) {
      crypto.getRandomValues(pool)
      next = 0
    }
    return (pool[next++] as number) / 256
  }
})()

const nextUlid = monotonicFactory(pooledRandom)

/** Mints a new, time-ordered identifier (ULID). */
export const newId = (): string => nextUlid()
