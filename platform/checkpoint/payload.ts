import { createHash } from 'node:crypto'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { BlobStore } from '../blobs/index.ts'
import { ChorusError } from '../errors/index.ts'
import type { StoredPayload } from './entities.ts'

/** A value as the serde produced it. */
export interface Serialized {
  type: string
  bytes: Uint8Array
}

/** Content hash of serialized values (types and bytes, in order): 128 bits, base64url. */
export const contentHash = (values: readonly Serialized[]): string => {
  const hash = createHash('sha256')
  for (const { type, bytes } of values) hash.update(`${type}\u0000${bytes.byteLength}\u0000`).update(bytes)
  return hash.digest('base64url').slice(0, 22)
}

export interface StoreOptions {
  /** Inline limit for this payload when it shares its item with others. */
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

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** JSON goes in as a string attribute (smaller than base64 on the wire, readable in the console). */
const inline = ({ type, bytes }: Serialized): StoredPayload => {
  if (type === 'json') {
    try {
      return { text: utf8.decode(bytes) }
    } catch {
      // Not valid UTF-8: keep the bytes as they are.
    }
  }
  return { ...typeTag(type), bytes }
}

const typeTag = (type: string) => (type === 'json' ? {} : { type })

/** How a compressed payload is marked (`zip`): raw DEFLATE (RFC 1951). */
const DEFLATE = 'deflate-raw'
/** Payloads from this size are compressed; smaller ones rarely shrink by enough to pay for it. */
const COMPRESS_FROM_BYTES = 512

/**
 * A step's output is stored several times over (its channel value, the resume and the task request
 * of the next step), and model text compresses to about a third: payloads from
 * {@link COMPRESS_FROM_BYTES} are deflated when that saves at least a tenth. Returns `value` itself
 * when it stays as it is.
 */
const compress = (value: Serialized): Serialized => {
  if (value.bytes.byteLength < COMPRESS_FROM_BYTES) return value
  const packed = deflateRawSync(value.bytes)
  return packed.byteLength <= value.bytes.byteLength * 0.9
    ? { type: value.type, bytes: new Uint8Array(packed) }
    : value
}

export const makePayloadCodec = (blobs: BlobStore, inlineLimitBytes: number): PayloadCodec => ({
  inlineLimitBytes,

  store: async (prefix, value, options = {}) => {
    const packed = compress(value)
    const zip = packed === value ? {} : { zip: DEFLATE }
    if (packed.bytes.byteLength <= (options.inlineLimitBytes ?? inlineLimitBytes))
      return packed === value ? inline(value) : { ...typeTag(value.type), bytes: packed.bytes, ...zip }
    // Content-addressed: a writer can only ever (re)write the very same bytes under a key.
    const ref = `${prefix}/${createHash('sha256').update(value.type).update('\u0000').update(packed.bytes).digest('hex')}`
    await blobs.put(ref, packed.bytes)
    return { ...typeTag(value.type), ref, ...zip }
  },

  load: async (payload) => {
    const type = payload.type ?? 'json'
    if (payload.text !== undefined) return { type, bytes: new TextEncoder().encode(payload.text) }
    const bytes = payload.bytes ?? (payload.ref ? await blobs.get(payload.ref) : undefined)
    if (!bytes)
      throw new ChorusError('checkpoint.missingValue', 'an offloaded checkpoint value is missing', {
        details: { ref: payload.ref },
      })
    return { type, bytes: payload.zip === DEFLATE ? new Uint8Array(inflateRawSync(bytes)) : bytes }
  },
})

/** Bytes a payload takes in its item (what counts against the item size limit). */
export const inlineSize = (payload: StoredPayload): number =>
  (payload.text === undefined ? 0 : Buffer.byteLength(payload.text)) + (payload.bytes?.byteLength ?? 0)
