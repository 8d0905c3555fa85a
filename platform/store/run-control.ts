import { GetItemCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import { makeRunEntity } from './entities/run.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

type RunKey = { tenantId: string; runId: string }

/** What the API changes on a run besides its lifecycle: the sync hand-over and the cancel request. */
export interface RunControl {
  /** Marks a sync run as handed over to the async route (idempotent; false when the run is missing). */
  handOver(key: RunKey): Promise<boolean>
  isHandedOver(key: RunKey): Promise<boolean>
  /**
   * Notes that this process waits for a sync run's end (the chat API, within its budget): until the
   * returned release, or until this process hands the run over, `isHandedOver` answers false without a
   * read, since only the waiting process hands a run over.
   */
  awaitInProcess(key: RunKey): () => void
  /**
   * Stores the id of the run's RunCancelRequested once and returns the stored id: a repeated
   * cancel re-publishes the same event. Undefined when the run is missing.
   */
  requestCancel(key: RunKey, eventId: string): Promise<string | undefined>
  /**
   * Whether the run's work should stop (one consistent read): `cancelled` once a cancel was
   * requested, `ended` once it completed or failed otherwise, undefined while it goes on.
   */
  stopRequested(key: RunKey): Promise<'cancelled' | 'ended' | undefined>
}

export const makeRunControl = (table: ChorusTable, clock: () => Date = () => new Date()): RunControl => {
  const runs = makeRunEntity(table)
  const read = async ({ tenantId, runId }: RunKey) =>
    (await runs.build(GetItemCommand).key({ tenantId, runId }).options({ consistent: true }).send()).Item

  /** Sets an attribute of an existing run unless it is set already; returns the run as stored. */
  const setOnce = async (key: RunKey, patch: { handedOverAt: string } | { cancelEventId: string }) => {
    const unset =
      'handedOverAt' in patch
        ? ({ attr: 'handedOverAt', exists: false } as const)
        : ({ attr: 'cancelEventId', exists: false } as const)
    try {
      await runs
        .build(UpdateItemCommand)
        .item({ ...key, ...patch })
        .options({ condition: { and: [{ attr: 'runId', exists: true }, unset] } })
        .send()
    } catch (error) {
      if (!isConditionalFailure(error)) throw error
    }
    return read(key)
  }

  const awaited = new Map<string, number>()
  const idOf = ({ tenantId, runId }: RunKey) => `${tenantId}#${runId}`

  return {
    handOver: async (key) => {
      awaited.delete(idOf(key))
      return (await setOnce(key, { handedOverAt: clock().toISOString() })) !== undefined
    },
    isHandedOver: async (key) => !awaited.has(idOf(key)) && (await read(key))?.handedOverAt !== undefined,
    awaitInProcess: (key) => {
      const id = idOf(key)
      awaited.set(id, (awaited.get(id) ?? 0) + 1)
      return () => {
        const left = (awaited.get(id) ?? 0) - 1
        if (left > 0) awaited.set(id, left)
        else awaited.delete(id)
      }
    },
    requestCancel: async (key, eventId) => (await setOnce(key, { cancelEventId: eventId }))?.cancelEventId,
    stopRequested: async (key) => {
      const run = await read(key)
      if (run?.cancelEventId !== undefined) return 'cancelled'
      return run?.status === 'completed' || run?.status === 'failed' ? 'ended' : undefined
    },
  }
}
