import { createHash } from 'node:crypto'
import type { StepInput, StepOutput } from '#events'
import type { BlobStore } from '#platform/blobs/index.ts'
import { ChorusError } from '#platform/errors/index.ts'

/** Outputs above this many bytes are kept in the blob store; events and items carry their beginning. */
export const INLINE_OUTPUT_BYTES = 48 * 1024
const PREVIEW_CHARS = 2000

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/**
 * Keeps a large step output whole in the blob store and returns it by reference: `text` is its
 * beginning (marked as such), `ref` says where the rest is. Small outputs pass unchanged.
 */
export const storeLargeOutput = async (
  output: StepOutput,
  where: { blobs: BlobStore; tenantId: string; runId: string; stepId: string },
): Promise<StepOutput> => {
  const bytes = Buffer.from(output.text, 'utf8')
  if (bytes.length <= INLINE_OUTPUT_BYTES) return output
  const key = `outputs/t/${where.tenantId}/runs/${where.runId}/steps/${where.stepId}`
  await where.blobs.put(key, bytes)
  const preview = `${output.text.slice(0, PREVIEW_CHARS)}\n[… ${bytes.length} bytes in all, kept as ${key}]`
  return { ...output, text: preview, ref: { key, bytes: bytes.length, sha256: sha256(bytes) } }
}

/** The whole text of an output: its own, or the one its reference points at (checked by size and hash). */
export const fullText = async (output: StepOutput, blobs: BlobStore): Promise<string> => {
  if (!output.ref) return output.text
  const bytes = await blobs.get(output.ref.key)
  if (!bytes)
    throw new ChorusError('step.failed', `output ${output.ref.key} is missing from the blob store`, {
      retryable: true,
    })
  if (bytes.length !== output.ref.bytes || sha256(bytes) !== output.ref.sha256)
    throw new ChorusError('step.failed', `output ${output.ref.key} does not match its reference`)
  return Buffer.from(bytes).toString('utf8')
}

/** A step's inputs with every referenced output read back whole, for the team to work on. */
export const resolveInputs = (inputs: readonly StepInput[], blobs: BlobStore): Promise<StepInput[]> =>
  Promise.all(
    inputs.map(async (input) =>
      input.output.ref
        ? { stepId: input.stepId, output: { ...input.output, text: await fullText(input.output, blobs) } }
        : input,
    ),
  )
