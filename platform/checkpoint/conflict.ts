import { ChorusError, isChorusError } from '../errors/index.ts'

/** Builds the error a writer gets when its parent checkpoint is no longer the head of the thread. */
export const checkpointConflict = (message: string, details: Record<string, unknown>): ChorusError =>
  new ChorusError('checkpoint.conflict', message, { retryable: true, details })

/**
 * True when `error` says another writer moved the thread first: reload the latest checkpoint (or drop
 * the stale event) and try again. Works across bundles (no `instanceof`).
 * @example if (isCheckpointConflict(error)) return reloadAndRetry()
 */
export const isCheckpointConflict = (error: unknown): error is ChorusError =>
  isChorusError(error) && error.code === 'checkpoint.conflict'
