import { createHash } from 'node:crypto'
import type { BlobStore } from '#platform/blobs/index.ts'
import type { RunStore } from '#platform/store/index.ts'
import { ApiError, notFound } from './api-error.ts'

export interface StepOutputDeps {
  runs: Pick<RunStore, 'getRun' | 'getStep'>
  blobs: Pick<BlobStore, 'get'>
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/**
 * The whole output of a step of the tenant's run: its text, or for a large output the bytes its
 * reference names in the blob store, checked by size and hash. The blob key is read from the tenant's
 * own step record, never from the request. The step is read from the request (`stepOf`) only once the run
 * is found, so a run of another tenant is a 404 whatever else the request says. Two reads (run, step), a
 * third for a large output.
 */
export const readStepOutput = async (
  { runs, blobs }: StepOutputDeps,
  tenantId: string,
  runId: string,
  stepOf: () => string,
): Promise<{ stepId: string; text: string; bytes: number; byReference: boolean }> => {
  if (!(await runs.getRun(tenantId, runId))) throw notFound('run', runId)
  const stepId = stepOf()
  const step = await runs.getStep({ tenantId, runId, stepId })
  const output = step?.output
  if (!output) throw new ApiError('output.notFound', `step ${stepId} of run ${runId} has no output`)
  if (!output.ref)
    return { stepId, text: output.text, bytes: Buffer.byteLength(output.text), byReference: false }
  const bytes = await blobs.get(output.ref.key)
  // A reference whose bytes are gone or changed is a broken store, not the caller's mistake: a 500.
  if (!bytes || bytes.length !== output.ref.bytes || sha256(bytes) !== output.ref.sha256)
    throw new Error(`output of step ${stepId} does not match its reference`)
  return { stepId, text: Buffer.from(bytes).toString('utf8'), bytes: bytes.length, byReference: true }
}
