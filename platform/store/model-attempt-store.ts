import { $add, $set, DeleteItemCommand, QueryCommand, UpdateItemCommand } from 'dynamodb-toolbox'
import type { Failure } from '#events'
import { makeModelAttemptsEntity } from './entities/model-attempts.ts'
import { runPk, SK_PREFIX } from './keys.ts'
import { rawGet } from './raw-read.ts'
import { ModelAttemptsItem } from './stored-items.ts'
import type { ChorusTable } from './table.ts'

/** One model call across its deliveries: the same input (by hash) for the same step of a run. */
export interface ModelAttemptKey {
  tenantId: string
  runId: string
  stepId: string
  inputHash: string
}

/** What the failed requests of a model call have used of its budget. */
export interface ModelAttempts {
  /** Requests that failed so far. */
  failures: number
  /** A failure no retry can help happened: no further request for this call. */
  final: boolean
  /** The last failure, to name the cause once the budget is spent. */
  last?: Failure
}

/**
 * The attempt budget of model calls, kept beside the run so that it holds across queue redeliveries
 * and containers (ADR 0013). Costs: `get` one consistent read before each call; `fail` one update per
 * failed request; `clear` one delete, only when a call succeeds after failures.
 */
export interface ModelAttemptStore {
  get(key: ModelAttemptKey): Promise<ModelAttempts>
  /** Counts one failed request and returns the attempts after it. */
  fail(key: ModelAttemptKey, failure: Failure, final: boolean): Promise<ModelAttempts>
  /** Forgets the failures of a call that succeeded: an identical later call gets a whole budget. */
  clear(key: ModelAttemptKey): Promise<void>
  /**
   * Forgets the failures of every model call of a run (one query, one delete each): a person who
   * redrives a dead letter after fixing its cause gives the run's calls a whole budget again.
   */
  clearRun(tenantId: string, runId: string): Promise<number>
}

const NONE: ModelAttempts = { failures: 0, final: false }

export const makeModelAttemptStore = (table: ChorusTable): ModelAttemptStore => {
  const attempts = makeModelAttemptsEntity(table)
  const read = (item: { failures: number; final?: boolean; last: Failure } | undefined): ModelAttempts =>
    item ? { failures: item.failures, final: item.final === true, last: item.last } : NONE
  return {
    // Read before every model call: as stored, without toolbox's formatter (raw-read.ts).
    get: async ({ tenantId, runId, stepId, inputHash }) =>
      read(await rawGet(attempts, { tenantId, runId, stepId, inputHash }, ModelAttemptsItem)),
    fail: async (key, failure, final) => {
      const { Attributes } = await attempts
        .build(UpdateItemCommand)
        .item({ ...key, failures: $add(1), last: $set(failure), ...(final ? { final: true } : {}) })
        .options({ returnValues: 'ALL_NEW' })
        .send()
      return read(Attributes)
    },
    clear: async (key) => {
      await attempts.build(DeleteItemCommand).key(key).send()
    },
    clearRun: async (tenantId, runId) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ partition: runPk(tenantId, runId), range: { beginsWith: SK_PREFIX.modelAttempts } })
        .entities(attempts)
        .options({ consistent: true, maxPages: Number.POSITIVE_INFINITY })
        .send()
      for (const { stepId, inputHash } of Items)
        await attempts.build(DeleteItemCommand).key({ tenantId, runId, stepId, inputHash }).send()
      return Items.length
    },
  }
}
