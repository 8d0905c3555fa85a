import { z } from 'zod'

/**
 * A model or tool call record committed by digest in the event that used it: the record lives
 * beside the log, its digest (`sha256` of its canonical JSON) lives inside the hash chain.
 */
export const CallCommitment = z
  .object({
    kind: z.enum(['model', 'tool']),
    callId: z.string().min(1).max(200),
    digest: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict()
export type CallCommitment = z.infer<typeof CallCommitment>

/** The calls an event commits to; optional, so events logged before commitments still parse. */
export const CallCommitments = z.array(CallCommitment).max(2000)
