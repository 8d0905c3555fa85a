import { createHash } from 'node:crypto'
import { z } from 'zod'
import { type Envelope, EventContractError, MAX_ENTRY_BYTES } from '#events'
import { type BlobStore, blobKeySegment } from '../blobs/blob-store.ts'
import { ChorusError } from '../errors/index.ts'

/**
 * Large event fields travel by reference (DESIGN §2: an entry over 256 KB never reaches the bus).
 *
 * The `Detail` of an entry is `{ meta, data }`. When it is too big, the largest string fields of
 * `data` (then, if that is not enough, `data` as a whole) are stored as JSON in the blob store and
 * replaced in place by a reference; `offloaded` lists the path of every replaced field:
 *
 * ```json
 * { "meta": { … },
 *   "data": { "stepId": "write", "output": { "text": { "$blob": { "key": "events/acme/01J…/01J…/0", "bytes": 409602, "sha256": "…" } } } },
 *   "offloaded": [["output", "text"]] }
 * ```
 *
 * `meta` is never offloaded, so rules keep matching on it. Consumers call {@link resolveOffloaded}
 * before `parseEvent`; it follows only the listed paths, checks size and hash, and returns `{ meta, data }`.
 * Blobs live under `events/<tenant>/<run>/<eventId>/<n>`; re-publishing an event rewrites the same keys.
 */

/** What stands in for an offloaded field: the blob's key, its size and its SHA-256 (hex). */
export const BlobRef = z
  .object({
    $blob: z
      .object({ key: z.string().min(1), bytes: z.number().int().nonnegative(), sha256: z.string() })
      .strict(),
  })
  .strict()
export type BlobRef = z.infer<typeof BlobRef>

/** A path inside `data`: object keys and array indexes; `[]` is `data` itself. */
export const DataPath = z.array(z.union([z.string(), z.number().int().nonnegative()]))
export type DataPath = z.infer<typeof DataPath>

/** The `Detail` shape on the bus: the envelope, plus the paths of offloaded fields when there are any. */
export const WireDetail = z
  .object({
    meta: z.record(z.string(), z.unknown()),
    data: z.unknown(),
    offloaded: z.array(DataPath).optional(),
  })
  .strict()
export type WireDetail = z.infer<typeof WireDetail>

/** Strings smaller than this are never worth a blob. */
const MIN_OFFLOAD_BYTES = 1024

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8')
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** The size EventBridge counts for an entry: Source + DetailType + Detail, UTF-8 (no Time, no Resources). */
export const entrySize = (source: string, detailType: string, detail: string): number =>
  bytesOf(source) + bytesOf(detailType) + bytesOf(detail)

const stringLeaves = (value: unknown, path: DataPath = []): { path: DataPath; bytes: number }[] => {
  if (typeof value === 'string') return [{ path, bytes: bytesOf(JSON.stringify(value)) }]
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]))
  return []
}

const getAt = (root: unknown, path: DataPath): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], root)

const setAt = (root: unknown, path: DataPath, value: unknown): unknown => {
  if (path.length === 0) return value
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>
  parent[path[path.length - 1] as string | number] = value
  return root
}

export interface OffloadInput {
  event: Envelope
  source: string
  blobs: BlobStore
  limit?: number
}

/**
 * The `Detail` string of an event, within `limit` bytes (entry size): unchanged when it fits,
 * otherwise with its largest fields moved to the blob store. Throws `event.tooLarge` when even
 * `meta` alone does not fit.
 */
export const offloadDetail = async ({ event, source, blobs, limit = MAX_ENTRY_BYTES }: OffloadInput) => {
  const fits = (detail: string) => entrySize(source, event.meta.name, detail) <= limit
  const plain = JSON.stringify({ meta: event.meta, data: event.data })
  if (fits(plain)) return { detail: plain, offloaded: [] as DataPath[] }

  const { tenantId, runId, eventId } = event.meta
  const folder = ['events', tenantId, runId, eventId].map(blobKeySegment).join('/')
  const store = async (value: unknown, n: number): Promise<BlobRef> => {
    const bytes = new TextEncoder().encode(JSON.stringify(value))
    const key = `${folder}/${n}`
    await blobs.put(key, bytes)
    return { $blob: { key, bytes: bytes.length, sha256: sha256(bytes) } }
  }
  const render = (data: unknown, offloaded: DataPath[]) =>
    JSON.stringify({ meta: event.meta, data, offloaded })

  const data: unknown = structuredClone(event.data)
  const offloaded: DataPath[] = []
  const candidates = stringLeaves(data)
    .filter((leaf) => leaf.bytes >= MIN_OFFLOAD_BYTES)
    .sort((a, b) => b.bytes - a.bytes)
  for (const { path } of candidates) {
    setAt(data, path, await store(getAt(data, path), offloaded.length))
    offloaded.push(path)
    const detail = render(data, offloaded)
    if (fits(detail)) return { detail, offloaded }
  }
  const whole = render(await store(event.data, offloaded.length), [[]])
  if (fits(whole)) return { detail: whole, offloaded: [[]] as DataPath[] }
  throw new EventContractError('event.tooLarge', [
    `${event.meta.name} ${eventId}: even with data offloaded the entry exceeds ${limit} bytes`,
  ])
}

const missing = (message: string, details: Record<string, unknown>, retryable: boolean) =>
  new ChorusError('bus.payloadMissing', message, { retryable, details })

/**
 * Puts offloaded fields back: returns `{ meta, data }` with every listed path replaced by the JSON
 * of its blob. A missing blob is retryable (`bus.payloadMissing`); a size or hash mismatch is not.
 */
export const resolveOffloaded = async (detail: unknown, blobs: BlobStore): Promise<unknown> => {
  const wire = WireDetail.safeParse(detail)
  if (!wire.success || !wire.data.offloaded?.length) return detail
  const { meta, offloaded } = wire.data
  let data: unknown = wire.data.data
  for (const path of offloaded) {
    const ref = BlobRef.safeParse(getAt(data, path))
    if (!ref.success)
      throw missing(`offloaded field ${path.join('.') || 'data'} holds no blob reference`, { path }, false)
    const { key, bytes, sha256: expected } = ref.data.$blob
    const stored = await blobs.get(key)
    if (!stored)
      throw missing(
        `offloaded field ${path.join('.') || 'data'} is missing from the blob store`,
        { key },
        true,
      )
    if (stored.length !== bytes || sha256(stored) !== expected)
      throw missing(
        `offloaded field ${path.join('.') || 'data'} does not match its reference`,
        { key },
        false,
      )
    data = setAt(data, path, JSON.parse(new TextDecoder().decode(stored)))
  }
  return { meta, data }
}
