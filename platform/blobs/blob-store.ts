import { ChorusError } from '../errors/index.ts'

/**
 * Port for large byte payloads kept outside the table (checkpoint values over the item limit,
 * large event fields). Keys are `/`-separated paths of safe segments, e.g. `checkpoints/acme/01J…/ab12…`.
 */
export interface BlobStore {
  /** Stores `bytes` under `key`, replacing any previous object atomically (readers see old or new, never a mix). */
  put(key: string, bytes: Uint8Array): Promise<void>
  /** The bytes under `key`, or undefined when there is none. */
  get(key: string): Promise<Uint8Array | undefined>
  /** Deletes the object at `keyOrPrefix` and every object under `keyOrPrefix/`; deleting nothing is not an error. */
  delete(keyOrPrefix: string): Promise<void>
}

const SEGMENT = /^[A-Za-z0-9_.-]{1,200}$/
const MAX_KEY_LENGTH = 1024

/** True when `key` is a valid blob key: 1-1024 characters, segments of `[A-Za-z0-9_.-]`, no `.` or `..` segment. */
export const isBlobKey = (key: string): boolean =>
  key.length > 0 &&
  key.length <= MAX_KEY_LENGTH &&
  key.split('/').every((segment) => SEGMENT.test(segment) && segment !== '.' && segment !== '..')

/** Throws `blob.invalidKey` unless `key` is a valid blob key (see {@link isBlobKey}). */
export const assertBlobKey = (key: string): void => {
  if (!isBlobKey(key))
    throw new ChorusError('blob.invalidKey', 'blob key must be `/`-separated segments of [A-Za-z0-9_.-]', {
      details: { key: key.slice(0, 200) },
    })
}

/**
 * Turns any string into one safe key segment, reversibly: `[A-Za-z0-9_-]` is kept, every other
 * UTF-8 byte becomes `.xx` (lowercase hex), so the result never is `.` or `..` and never holds `/`.
 * @example blobKeySegment('run:acme/01J') // 'run.3aacme.2f01J'
 */
export const blobKeySegment = (value: string): string => {
  let out = ''
  for (const byte of new TextEncoder().encode(value)) {
    const char = String.fromCharCode(byte)
    out += /[A-Za-z0-9_-]/.test(char) ? char : `.${byte.toString(16).padStart(2, '0')}`
  }
  return out === '' ? '.00' : out
}
