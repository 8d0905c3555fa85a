import type { FormattedItem } from 'dynamodb-toolbox'
import type { Failure } from '#events'
import type { makeRunEntity, RunStatus } from './entities/run.ts'

export interface RunRecord {
  tenantId: string
  runId: string
  status: RunStatus
  request: string
  chatId?: string
  createdAt: string
  updatedAt: string
  output?: string
  failure?: Failure
  terminalEventId?: string
  /** The request asked that its plan wait for a person (ADR 0023). */
  approval?: 'plan'
  /** While or since the run waited for a decision: the ApprovalRequested's id and when the wait ends. */
  approvalEventId?: string
  approvalExpiresAt?: string
  /** A queued run waits for this run of its chat to end (ADR 0029). */
  afterRunId?: string
  /** The queued run that starts when this one ends. */
  nextRunId?: string
  /** When a later message of the chat rolled this run back (`rollback`, ADR 0029). */
  discardedAt?: string
}

/** A run item as the run record shows it: without index keys, leases and outbox fields. */
export const toRunRecord = (item: FormattedItem<ReturnType<typeof makeRunEntity>>): RunRecord => {
  const {
    GSI1PK: _p,
    GSI1SK: _s,
    GSI2PK: _p2,
    GSI2SK: _s2,
    leaseOwner: _o,
    leaseUntil: _u,
    leaseIncarnation: _i,
    unrouted: _r,
    ...rest
  } = item
  const {
    handedOverAt: _h,
    cancelEventId: _c,
    startEvent: _e,
    approvalDecision: _d,
    queuedStart: _q,
    ...record
  } = rest
  return record
}
