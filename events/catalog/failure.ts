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
