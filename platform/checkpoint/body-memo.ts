import type { Checkpoint } from '@langchain/langgraph-checkpoint'

/** A remembered body and the expiry of its chain. */
export interface Remembered {
  /** The checkpoint without its id and values, as `StoredCheckpoint` in items.ts. */
  body: Omit<Checkpoint, 'id' | 'channel_values'>
  /** The expiry of the body's chain (that of its base). */
  expiresAt: number
}

/**
 * The bodies this saver wrote or read last, whole, by thread partition, namespace and id: what the
 * next `put` diffs against. Bounded; the least recently used is forgotten first.
 */
export class BodyMemo {
  readonly #entries = new Map<string, Remembered>()
  readonly #capacity: number

  constructor(capacity = 256) {
    this.#capacity = capacity
  }

  get(key: string): Remembered | undefined {
    const entry = this.#entries.get(key)
    if (entry) {
      this.#entries.delete(key)
      this.#entries.set(key, entry)
    }
    return entry
  }

  set(key: string, entry: Remembered): void {
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    if (this.#entries.size > this.#capacity) {
      const [oldest] = this.#entries.keys()
      if (oldest !== undefined) this.#entries.delete(oldest)
    }
  }
}
