import type { FormattedItem } from 'dynamodb-toolbox'
import { z } from 'zod'
import { type Failure, type StepInput, StepOutput } from '#events'
import type { makeRunEntity, RunStatus } from './entities/run.ts'
import type { StepStatus } from './entities/step.ts'

const StepInputs = z.array(z.object({ stepId: z.string(), output: StepOutput }))

export interface StepRecord {
  stepId: string
  team: string
  status: StepStatus
  inputs: StepInput[]
  taskEventId: string
  dispatched: boolean
  resultEventId?: string
  output?: StepOutput
  error?: Failure
  queuedAt: string
  finishedAt?: string
}

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
    checkpointVersion: _v,
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

export interface StoredStep {
  stepId: string
  team: string
  status: StepStatus
  inputJson: string
  taskEventId: string
  dispatched: boolean
  resultEventId?: string
  outputJson?: string
  error?: Failure
  queuedAt: string
  finishedAt?: string
}

export const toStepRecord = (item: StoredStep): StepRecord => ({
  stepId: item.stepId,
  team: item.team,
  status: item.status,
  inputs: StepInputs.parse(JSON.parse(item.inputJson)),
  taskEventId: item.taskEventId,
  dispatched: item.dispatched,
  ...(item.resultEventId ? { resultEventId: item.resultEventId } : {}),
  ...(item.outputJson ? { output: StepOutput.parse(JSON.parse(item.outputJson)) } : {}),
  ...(item.error ? { error: item.error } : {}),
  queuedAt: item.queuedAt,
  ...(item.finishedAt ? { finishedAt: item.finishedAt } : {}),
})
