import type { Envelope } from '#events'
import { describeError } from '../errors/index.ts'
import type { Logger } from '../log/index.ts'
import { runInSlot } from './delivery-slot.ts'
import {
  type DeadLetter,
  type DeliveryFailure,
  makeMemoryQueueStore,
  type QueueStore,
  type StoredMessage,
} from './queue-store.ts'

export type { DeadLetter } from './queue-store.ts'

export interface LocalQueueOptions {
  name: string
  handler: (event: Envelope) => Promise<void>
  logger: Logger
  /** Deliveries before a message goes to the dead letters (SQS `maxReceiveCount`). */
  maxReceives?: number
  /** First retry delay; doubles per receive. The wait holds no delivery slot. */
  backoffMs?: number
  /** Groups processed concurrently; messages of one group (one run) are always handled one at a time, in order. */
  concurrency?: number
  /** A delivery still running after this long counts as failed and the message is delivered again (SQS visibility timeout). */
  visibilityTimeoutMs?: number
  /**
   * Lease conflicts (`lease.held`: another delivery holds the run or the event) a message may meet
   * before they count as failures; they wait 25 ms, doubling to 5 s, without using up `maxReceives`.
   */
  maxContentions?: number
  /**
   * Most redeliveries (messages that failed before) in flight at once. Fresh messages go first and may
   * use every slot, so runs that keep failing cannot crowd out healthy ones.
   */
  retryConcurrency?: number
  /** Where messages and dead letters are kept; in memory when absent. */
  store?: QueueStore
  /** Called once per dead-lettered message, so its run can be ended with the reason. */
  onDeadLetter?: (letter: DeadLetter) => Promise<void>
}

const groupOf = (event: Envelope) => `${event.meta.tenantId}#${event.meta.runId}`
const isContention = (reason: DeliveryFailure) => reason.code === 'lease.held'
const MAX_CONTENTION_WAIT_MS = 5_000

/**
 * An embedded queue with the contract Chorus relies on from SQS: at-least-once delivery, a receive
 * count, a visibility timeout, redelivery with back-off, dead letters after `maxReceives`, and per-run
 * ordering. Messages live in a {@link QueueStore}: with the SQLite store, a restarted process picks up
 * every unfinished delivery (`resume`). `dispatch` (sync route) delivers a message right away;
 * `send` (async route) queues it behind the backlog, served by at most `concurrency` runs at a time.
 */
export class LocalQueue {
  private readonly store: QueueStore
  private readonly groups = new Map<string, StoredMessage[]>()
  private readonly active = new Set<string>()
  /** Deliveries holding a concurrency slot: a delivery waiting `awayFromSlot` holds none. */
  private busy = 0
  private retrying = 0
  private readonly ready = new Set<string>()
  private readonly waits = new Map<string, NodeJS.Timeout>()
  private readonly deadlines = new Set<NodeJS.Timeout>()
  private readonly idleWaiters: (() => void)[] = []
  private readonly inFlight = new Set<Promise<void>>()
  /** Lease conflicts met so far, by message id. */
  private readonly contentions = new Map<number, number>()
  private recovered: string[] = []
  private stopped = false
  private readonly options: Required<Omit<LocalQueueOptions, 'onDeadLetter' | 'store'>> &
    Pick<LocalQueueOptions, 'onDeadLetter'>

  constructor(options: LocalQueueOptions) {
    this.options = {
      maxReceives: 5,
      backoffMs: 200,
      concurrency: 4,
      visibilityTimeoutMs: 5 * 60_000,
      maxContentions: 250,
      retryConcurrency: 1,
      ...options,
    }
    this.store = options.store ?? makeMemoryQueueStore()
    for (const message of this.store.pending(this.options.name)) this.groupFor(message.group).push(message)
    this.recovered = [...this.groups.keys()]
  }

  /** Messages a previous process left unfinished, waiting for `resume`. */
  get recoveredCount(): number {
    return this.recovered.reduce((sum, group) => sum + (this.groups.get(group)?.length ?? 0), 0)
  }

  /** Starts delivering what a previous process left unfinished; call once the handler is wired. */
  resume(): void {
    const groups = this.recovered
    this.recovered = []
    for (const group of groups) this.markReady(group)
  }

  /** The messages this queue gave up on, oldest first. */
  get deadLetters(): DeadLetter[] {
    return this.store.deadLetters({ queue: this.options.name })
  }

  /** Sync route: handle now, still in order behind earlier messages of the same run. */
  dispatch(event: Envelope): void {
    const group = this.enqueue(event)
    this.ready.delete(group)
    this.start(group)
  }

  /** Async route: queue behind the backlog. */
  send(event: Envelope): void {
    this.markReady(this.enqueue(event))
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Stops taking work; queued messages stay in the store. */
  stop(): void {
    this.stopped = true
    for (const timer of [...this.waits.values(), ...this.deadlines]) clearTimeout(timer)
    this.waits.clear()
    this.deadlines.clear()
  }

  /** After `stop`: resolves once the deliveries already running have finished (before stores close). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight])
  }

  /** True when nothing is queued, in flight or waiting for a retry. */
  isIdle(): boolean {
    return this.groups.size === 0 && this.active.size === 0
  }

  private groupFor(group: string): StoredMessage[] {
    let messages = this.groups.get(group)
    if (!messages) {
      messages = []
      this.groups.set(group, messages)
    }
    return messages
  }

  private enqueue(event: Envelope): string {
    const group = groupOf(event)
    this.groupFor(group).push(this.store.add(this.options.name, group, event))
    return group
  }

  private markReady(group: string): void {
    if (this.active.has(group) || this.waits.has(group)) return
    this.ready.add(group)
    this.pump()
  }

  /** Starts ready runs while slots are free: fresh messages first, then redeliveries in their own lane. */
  private pump(): void {
    for (const lane of ['fresh', 'retry'] as const) {
      for (const group of this.ready) {
        if (this.stopped || this.busy >= this.options.concurrency) return
        const retry = this.isRetry(group)
        if (retry !== (lane === 'retry')) continue
        if (retry && this.retrying >= this.options.retryConcurrency) return
        this.ready.delete(group)
        this.start(group)
      }
    }
  }

  /** Whether a run's next message failed before (its earlier deliveries ended in an error or a crash). */
  private isRetry(group: string): boolean {
    return (this.groups.get(group)?.[0]?.receives ?? 0) > 0
  }

  /** Holds the group, without a delivery slot, until its head message is visible again. */
  private waitFor(group: string, visibleAt: number): void {
    if (this.waits.has(group) || this.stopped) return
    const timer = setTimeout(() => {
      this.waits.delete(group)
      this.markReady(group)
    }, visibleAt - Date.now())
    this.waits.set(group, timer)
  }

  private start(group: string): void {
    if (this.stopped || this.active.has(group)) return
    const message = this.groups.get(group)?.[0]
    if (!message) return
    if (message.visibleAt > Date.now()) {
      this.waitFor(group, message.visibleAt)
      return
    }
    this.active.add(group)
    if (message.receives >= this.options.maxReceives) {
      // Received as often as allowed and never finished: the process stopped during each delivery.
      const reason = {
        code: 'queue.exhausted',
        message: `delivered ${message.receives} times without finishing`,
        retryable: false,
      }
      this.track(this.giveUp(group, message, reason))
      return
    }
    message.receives++
    this.store.received(message.id, message.receives)
    this.track(this.deliver(group, message, message.receives))
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery)
    void delivery.finally(() => this.inFlight.delete(delivery))
  }

  private async deliver(group: string, message: StoredMessage, receive: number): Promise<void> {
    let timedOut = false
    const timer = setTimeout(() => {
      this.deadlines.delete(timer)
      timedOut = true
      const timeout = this.options.visibilityTimeoutMs
      this.failed(group, message, {
        code: 'queue.visibilityTimeout',
        message: `still running after the visibility timeout of ${timeout} ms`,
        retryable: true,
      })
    }, this.options.visibilityTimeoutMs)
    this.deadlines.add(timer)
    let failure: DeliveryFailure | undefined
    let holding = true
    const retry = receive > 1
    const take = (delta: 1 | -1) => {
      this.busy += delta
      if (retry) this.retrying += delta
    }
    take(1)
    const slot = {
      release: () => {
        if (!holding) return
        holding = false
        take(-1)
        this.pump()
      },
      reacquire: () => {
        if (holding) return
        holding = true
        take(1)
      },
    }
    try {
      await runInSlot(slot, () => this.options.handler(message.event))
    } catch (error) {
      failure = describeError(error)
    } finally {
      clearTimeout(timer)
      this.deadlines.delete(timer)
      slot.release()
    }
    // A delivery that outlived its visibility timeout no longer owns the message.
    if (timedOut || message.receives !== receive) return
    // After `stop` a failed message stays stored as it is, for the next process.
    if (failure) {
      if (!this.stopped) this.failed(group, message, failure)
      return
    }
    this.store.remove(message.id)
    this.finish(group)
  }

  private failed(group: string, message: StoredMessage, reason: DeliveryFailure): void {
    const log = this.options.logger.child({
      queue: this.options.name,
      eventId: message.event.meta.eventId,
      runId: message.event.meta.runId,
    })
    const contentions = this.contentions.get(message.id) ?? 0
    let delay: number
    if (isContention(reason) && contentions < this.options.maxContentions) {
      // Contention is not failure: the receive is given back and the wait grows on its own scale.
      this.contentions.set(message.id, contentions + 1)
      message.receives--
      this.store.received(message.id, message.receives)
      delay = Math.min(MAX_CONTENTION_WAIT_MS, 25 * 2 ** Math.min(contentions, 10))
      log.debug('delivery met a held lease, will retry', {
        event: message.event.meta.name,
        contentions,
        delay,
      })
    } else if (!reason.retryable || message.receives >= this.options.maxReceives) {
      this.track(this.giveUp(group, message, reason))
      return
    } else {
      delay = this.options.backoffMs * 2 ** (message.receives - 1)
      log.warn('delivery failed, will retry', {
        event: message.event.meta.name,
        receives: message.receives,
        delay,
        reason,
      })
    }
    message.visibleAt = Date.now() + delay
    this.store.delay(message.id, message.visibleAt)
    this.active.delete(group)
    this.waitFor(group, message.visibleAt)
    this.pump()
  }

  private async giveUp(group: string, message: StoredMessage, reason: DeliveryFailure): Promise<void> {
    this.options.logger.error('delivery failed, dead-lettered', {
      queue: this.options.name,
      eventId: message.event.meta.eventId,
      runId: message.event.meta.runId,
      event: message.event.meta.name,
      receives: message.receives,
      reason,
    })
    const letter = this.store.deadLetter(message, reason, new Date().toISOString())
    await this.options.onDeadLetter?.(letter).catch((hookError: unknown) =>
      this.options.logger.error('dead-letter hook failed', {
        queue: this.options.name,
        runId: message.event.meta.runId,
        reason: describeError(hookError),
      }),
    )
    this.finish(group)
  }

  private finish(group: string): void {
    const messages = this.groups.get(group)
    const done = messages?.shift()
    if (done) this.contentions.delete(done.id)
    this.active.delete(group)
    if (messages && messages.length > 0) this.markReady(group)
    else this.groups.delete(group)
    this.pump()
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve()
  }
}
