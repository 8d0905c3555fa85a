import { AsyncLocalStorage } from 'node:async_hooks'

/** A delivery's hold on one of its queue's concurrency slots. */
export interface DeliverySlot {
  release(): void
  reacquire(): void
}

const current = new AsyncLocalStorage<DeliverySlot>()

/** Runs a delivery's handler with its slot, so code deep inside can wait without holding it. */
export const runInSlot = <T>(slot: DeliverySlot, work: () => Promise<T>): Promise<T> =>
  current.run(slot, work)

/**
 * Runs `wait` (a back-off inside a delivery, e.g. before a model call's next attempt) without holding
 * the delivery's concurrency slot, so other runs are served meanwhile; the delivery keeps its run's
 * place in order. Outside a queue delivery (SQS on Lambda, tests) it simply runs `wait`.
 */
export const awayFromSlot = async <T>(wait: () => Promise<T>): Promise<T> => {
  const slot = current.getStore()
  if (!slot) return wait()
  slot.release()
  try {
    return await wait()
  } finally {
    slot.reacquire()
  }
}
