import { type Envelope, RunCompleted, RunFailed } from '#events'
import type { Logger } from '#platform/log/index.ts'
import type { AnchorLog, RunHead } from './anchor-log.ts'

/** Reads a run's current chain head and every hash of its log (the auditor's `head`). */
export type ReadHead = (
  tenantId: string,
  runId: string,
) => Promise<(RunHead & { hashes: readonly string[] }) | undefined>

/**
 * Anchors run heads as runs end (ADR 0019): each ended run joins the next batch of its tenant, and
 * one batch at a time is folded into the tenant's tree under one new signed head, so a burst of
 * ended runs costs one signature, not one each. `anchor` resolves once the batch holding the run is
 * written and rejects when it failed (the delivery that asked is retried: nothing is swallowed).
 */
export const makeAnchorer = ({
  log,
  readHead,
  logger,
}: {
  log: AnchorLog
  readHead: ReadHead
  logger: Logger
}) => {
  type Waiter = { runId: string; resolve: () => void; reject: (error: unknown) => void }
  const pending = new Map<string, Waiter[]>()
  let running: Promise<void> = Promise.resolve()

  const flush = async (tenantId: string) => {
    const waiters = pending.get(tenantId) ?? []
    pending.delete(tenantId)
    if (waiters.length === 0) return
    try {
      const runIds = [...new Set(waiters.map((w) => w.runId))]
      const heads = await Promise.all(runIds.map((runId) => readHead(tenantId, runId)))
      const { signed, refused } = await log.anchor(
        tenantId,
        heads.filter((h) => h !== undefined),
      )
      // A log that no longer holds its anchored head was rewritten: never anchored again, said loudly.
      for (const r of refused)
        logger.error('anchoring refused: the log no longer holds its anchored head', { tenantId, ...r })
      logger.debug('run heads anchored', { tenantId, runs: runIds.length, treeSize: signed.treeSize })
      for (const w of waiters) w.resolve()
    } catch (error) {
      for (const w of waiters) w.reject(error)
    }
  }

  const anchor = (tenantId: string, runId: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const waiters = pending.get(tenantId)
      if (waiters) waiters.push({ runId, resolve, reject })
      else {
        pending.set(tenantId, [{ runId, resolve, reject }])
        // Batches run one after another: the tree files have one writer at a time.
        running = running.then(() => flush(tenantId))
      }
    })

  return {
    anchor,
    /** Anchors the run of a live `RunCompleted` or `RunFailed` once it is logged; other events pass. */
    onEvent: async (event: Envelope): Promise<void> => {
      if (event.meta.replay || !(RunCompleted.is(event) || RunFailed.is(event))) return
      await anchor(event.meta.tenantId, event.meta.runId)
    },
  }
}

export type Anchorer = ReturnType<typeof makeAnchorer>
