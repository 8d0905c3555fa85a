import { RunId, TenantId } from '#events'
import { blobKeySegment } from '../blobs/index.ts'
import { runPk, threadPk } from '../store/keys.ts'

/** Where a LangGraph thread's items live: its table partition and its blob-store prefix. */
export interface ThreadLocation {
  /** Partition key of every checkpoint, value and write item of the thread. */
  pk: string
  /** Blob-store prefix of the thread's offloaded payloads (deleted with the thread). */
  blobPrefix: string
}

/** Maps a LangGraph `thread_id` to its {@link ThreadLocation}. */
export type LocateThread = (threadId: string) => ThreadLocation

/**
 * The LangGraph `thread_id` of a Chorus run: `<tenantId>#<runId>` (a tenant slug and a ULID, neither
 * of which can hold `#`).
 * @example runThreadId('acme', '01JD3…') // 'acme#01JD3…'
 */
export const runThreadId = (tenantId: TenantId, runId: RunId): string => `${tenantId}#${runId}`

/** Reads tenant and run back from a run thread id; undefined for any other thread id. */
export const parseRunThreadId = (threadId: string): { tenantId: TenantId; runId: RunId } | undefined => {
  const [tenantId, runId, ...rest] = threadId.split('#')
  if (rest.length > 0) return undefined
  const tenant = TenantId.safeParse(tenantId)
  const run = RunId.safeParse(runId)
  return tenant.success && run.success ? { tenantId: tenant.data, runId: run.data } : undefined
}

/**
 * Default {@link LocateThread}: a run thread (`<tenant>#<run>`) lives in the run's partition
 * (`T#<tenant>#RUN#<run>`), tenant first like every Chorus key; any other thread id lives in
 * `THREAD#<threadId>`, a partition no tenant key can ever name.
 */
export const locateThread: LocateThread = (threadId) => {
  const run = parseRunThreadId(threadId)
  if (run)
    return {
      pk: runPk(run.tenantId, run.runId),
      blobPrefix: `checkpoints/t/${run.tenantId}/runs/${run.runId}`,
    }
  return { pk: threadPk(threadId), blobPrefix: `checkpoints/threads/${blobKeySegment(threadId)}` }
}
