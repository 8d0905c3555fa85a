import { z } from 'zod'

/** Why something failed, and whether trying again could help. */
export const Failure = z
  .object({
    code: z.string().min(1).max(64),
    message: z.string().min(1).max(4000),
    retryable: z.boolean(),
  })
  .strict()
export type Failure = z.infer<typeof Failure>

/** Fits any `{ code, message, retryable }` into the Failure limits (long messages are cut, never rejected). */
export const describeFailure = (error: { code: string; message: string; retryable: boolean }): Failure => ({
  code: (error.code || 'internal').slice(0, 64),
  message: (error.message || 'unknown error').slice(0, 4000),
  retryable: error.retryable,
})
