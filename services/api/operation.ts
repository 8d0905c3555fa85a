import type { z } from 'zod'

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface ResponseHeader {
  description: string
  /** Sent with every answer of this status. */
  required?: boolean
  /** A string unless set. */
  schema?: z.ZodType
}

export interface Response {
  description: string
  schema?: z.ZodType
  /** `application/json` unless set. */
  contentType?: string
  /** The same answer in other media types, picked by a parameter (`?format=text`); undefined: plain text. */
  alternatives?: Record<string, z.ZodType | undefined>
  /** Headers of the answer, by their canonical names. */
  headers?: Record<string, ResponseHeader>
}

/** One operation of the HTTP API: where it is, what it takes and answers. The local server and the OpenAPI document read it. */
export interface Operation {
  method: Method
  path: string
  operationId: string
  summary: string
  tag: string
  /** No credentials needed (health, the OpenAPI document). */
  public?: boolean
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  /** Request headers beyond the credentials (`Idempotency-Key`, `Last-Event-ID`, `Prefer`), canonical names. */
  headers?: z.ZodObject
  responses: Record<number, Response>
}

/** A successful answer: its description, and its schema and media type when it has a body. */
export const ok = (description: string, schema?: z.ZodType, contentType?: string): Response => ({
  description,
  ...(schema ? { schema } : {}),
  ...(contentType ? { contentType } : {}),
})

/** An answer that says where its resource lives (`Location`, or `Content-Location` for a copy of it). */
export const at = (response: Response, header: 'Location' | 'Content-Location', what: string): Response => ({
  ...response,
  headers: { ...response.headers, [header]: { description: what, required: true } },
})
