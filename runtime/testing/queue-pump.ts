import type { EmulatorDriver } from '../aws/emulator-driver.ts'

const IDLE_MIN_MS = 10
const IDLE_MAX_MS = 200

/**
 * Plays Lambda's SQS event sources in the background, as the AWS runtime's functions are fed: drains
 * every queue over and over, sleeping longer (up to 200 ms) while nothing arrives so an idle target
 * costs moto a few requests a second. `nextDrain()` wakes it and resolves with what the first whole
 * drain started after the call received.
 */
export const makeQueuePump = (driver: EmulatorDriver) => {
  let stopped = false
  let started = 0
  let failure: unknown
  let wake = () => {}
  const waiters: { after: number; resolve: (received: number) => void; reject: (e: unknown) => void }[] = []

  const loop = async () => {
    let idleMs = IDLE_MIN_MS
    while (!stopped) {
      const round = ++started
      let received = 0
      try {
        const totals = await driver.drain()
        received = Object.values(totals).reduce((sum, t) => sum + t.received, 0)
      } catch (error) {
        failure = error
      }
      for (const waiter of waiters.filter((w) => w.after < round)) {
        waiters.splice(waiters.indexOf(waiter), 1)
        if (failure) waiter.reject(failure)
        else waiter.resolve(received)
      }
      idleMs = received > 0 ? IDLE_MIN_MS : Math.min(idleMs * 2, IDLE_MAX_MS)
      if (waiters.length === 0 && !stopped)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs)
          wake = () => {
            clearTimeout(timer)
            resolve()
          }
        })
    }
  }
  const running = loop()

  return {
    /** Resolves with the messages received by the first whole drain that starts after this call. */
    nextDrain: () =>
      new Promise<number>((resolve, reject) => {
        if (failure) return reject(failure)
        waiters.push({ after: started, resolve, reject })
        wake()
      }),
    stop: async () => {
      stopped = true
      wake()
      await running
    },
  }
}
