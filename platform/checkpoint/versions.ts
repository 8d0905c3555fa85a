import { randomInt } from 'node:crypto'

const FRACTION_STEPS = 1_000_000

/**
 * The next version of a channel, unique per writer: the next integer plus a random fraction,
 * e.g. `17` → `18.482913`.
 *
 * LangGraph only compares versions (`>`, `maxChannelVersion`), so any increasing number works. The
 * fraction makes two writers that fork from the same checkpoint mint different versions, so the
 * value a writer stores under `(channel, version)` is not the key another writer's value would use.
 * Should two writers still pick the same key, the value write is conditional on the content hash
 * and the second one gets `checkpoint.conflict`: a reader can never get another writer's bytes.
 */
export const nextChannelVersion = (
  current: number | undefined,
  fraction: () => number = () => randomInt(1, FRACTION_STEPS) / FRACTION_STEPS,
): number => {
  const base = current === undefined ? 0 : Math.floor(Number(current))
  if (!Number.isSafeInteger(base)) throw new Error(`unexpected channel version ${JSON.stringify(current)}`)
  // One division, so the number prints as its short decimal (`18.482913`, not `18.482912999999998`).
  return ((base + 1) * FRACTION_STEPS + Math.round(fraction() * FRACTION_STEPS)) / FRACTION_STEPS
}
