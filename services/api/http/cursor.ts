import type { z } from 'zod'
import { ApiError } from '../core/api-error.ts'

/** Encodes where a page ends as an opaque cursor (base64url JSON). */
export const encodeCursor = (position: object): string =>
  Buffer.from(JSON.stringify(position)).toString('base64url')

/** Reads a cursor back through its schema; anything else is a 400, never a database error. */
export const decodeCursor = <S extends z.ZodType>(cursor: string, schema: S): z.output<S> => {
  let raw: unknown
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    raw = undefined
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success)
    throw new ApiError('request.invalid', 'query.cursor: is not a cursor this API returned')
  return parsed.data
}
