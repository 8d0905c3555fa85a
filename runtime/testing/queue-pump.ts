import type { SqsPoller } from '#platform/queue/sqs-poller.ts'

const IDLE_MIN_MS = 10
const IDLE_MAX_MS = 200

interface Waiter {
  after: number
  resolve: (received: number) => void
  reject: (error: unknown) => void
}

/**
 * One queue polled in the background as Lambda's event source mapping polls it: receive until a receive
 * finds nothing (a drain), sleep (longer while nothing arrives, up to 200 ms), again.
 */
const makeLoop = (poller: SqsPoller) => {
  let stopped = false
  let started = 0
  let failure: unknown
  let wake = () => {}
  const waiters: Waiter[] = []
  const drain = async () => {
    let received = 0
    // Failed messages come back at once, so retries and the DLQ are reached without the visibility timeout.
    for (let n = -1; n !== 0; received += n) n = (await poller.pollOnce({ retryAfterSeconds: 0 })).received
    return received
  }
  const running = (async () => {
    let idleMs = IDLE_MIN_MS
    while (!stopped) {
      const round = ++started
      const received = await drain().catch((error: unknown) => {
        failure = error
        return 0
      })
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
  })()
  return {
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

/**
 * Plays Lambda's SQS event sources in the background: every queue (each consumer's, the bus intake) has
 * a loop of its own, so a handler that takes long on one queue never holds up another, as on AWS.
 * `nextDrain()` wakes every loop and resolves with what the first whole drain of each, started after
 * the call, received in all.
 */
export const makeQueuePump = (pollers: readonly SqsPoller[]) => {
  const loops = pollers.map(makeLoop)
  return {
    nextDrain: async () => (await Promise.all(loops.map((l) => l.nextDrain()))).reduce((a, b) => a + b, 0),
    stop: async () => {
      await Promise.all(loops.map((l) => l.stop()))
    },
  }
}
