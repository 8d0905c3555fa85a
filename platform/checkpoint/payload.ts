import { createHash } from 'node:crypto'
import type { BlobStore } from '../blobs/index.ts'
import { ChorusError } from '../errors/index.ts'
import type { StoredPayload } from './entities.ts'

/** A value as the serde produced it. */
export interface Serialized {
  type: string
  bytes: Uint8Array
}

/** Content hash of a serialized value (type and bytes), hex. */
export const contentHash = ({ type, bytes }: Serialized): string =>
  createHash('sha256').update(type).update('\u0000').update(bytes).digest('hex')

export interface StoreOptions {
  /** Content hash when the caller computed it already. */
  hash?: string
  /** Inline limit for this payload when it shares its item with another one. */
  inlineLimitBytes?: number
}

/** Stores payloads inline when they fit an item, in the blob store otherwise, and reads them back. */
export interface PayloadCodec {
  /** Payloads up to this size stay in their item. */
  readonly inlineLimitBytes: number
  /** Inline when small enough, else under `<prefix>/<content hash>` in the blob store. */
  store(prefix: string, value: Serialized, options?: StoreOptions): Promise<StoredPayload>
  load(payload: StoredPayload): Promise<Serialized>
}

export const makePayloadCodec = (blobs: BlobStore, inlineLimitBytes: number): PayloadCodec => ({
  inlineLimitBytes,

  store: async (prefix, value, options = {}) => {
    if (value.bytes.byteLength <= (options.inlineLimitBytes ?? inlineLimitBytes))
      return { type: value.type, bytes: value.bytes }
    const hash = options.hash ?? contentHash(value)
    // Content-addressed: a writer can only ever (re)write the very same bytes under a key.
    const ref = `${prefix}/${hash}`
    await blobs.put(ref, value.bytes)
    return { type: value.type, ref }
  },

  load: async (payload) => {
    if (payload.bytes) return { type: payload.type, bytes: payload.bytes }
    const bytes = payload.ref ? await blobs.get(payload.ref) : undefined
    if (!bytes)
      throw new ChorusError('checkpoint.missingValue', 'an offloaded checkpoint value is missing', {
        details: { ref: payload.ref },
      })
    return { type: payload.type, bytes }
  },
})
