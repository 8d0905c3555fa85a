import type { Envelope } from '#events'
import { describeError } from '../errors/index.ts'
import type { Logger } from '../log/index.ts'

export interface DeadLetter {
  event: Envelope
  reason: { code: string; message: string; retryable: boolean }
  receives: number
  at: string
}

export interface LocalQueueOptions {
  name: string
  handler: (event: Envelope) => Promise<void>
  logger: Logger
  /** Deliveries before a message goes to the dead-letter list (SQS `maxReceiveCount`). */
  maxReceives?: number
  /** First retry delay; doubles per receive. */
  backoffMs?: number
  /** Groups processed concurrently; messages of one group (one run) are always handled one at a time, in order. */
  concurrency?: number
  /** Called once per dead-lettered message, so its run can be ended with the reason. */
  onDeadLetter?: (letter: DeadLetter) => Promise<void>
}

interface Message {
  event: Envelope
  receives: number
}

/**
 * An in-process queue with the semantics Chorus relies on from SQS FIFO: per-run ordering,
 * redelivery with backoff on failure, and a dead-letter list after `maxReceives`.
 * `dispatch` (sync route) processes a message right away; `send` (async route) queues it
 * behind the backlog, served by at most `concurrency` runs at a time.
 */
export class LocalQueue {
  readonly deadLetters: DeadLetter[] = []
  private readonly groups = new Map<string, Message[]>()
  private readonly active = new Set<string>()
  private readonly ready: string[] = []
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly idleWaiters: (() => void)[] = []
  private readonly inFlight = new Set<Promise<void>>()
  private stopped = false
  private readonly options: Required<Omit<LocalQueueOptions, 'onDeadLetter'>> &
    Pick<LocalQueueOptions, 'onDeadLetter'>

  constructor(options: LocalQueueOptions) {
    this.options = { maxReceives: 5, backoffMs: 200, concurrency: 4, ...options }
  }

  /** Sync route: handle now, still in order behind earlier messages of the same run. */
  dispatch(event: Envelope): void {
    this.enqueue(event, true)
  }

  /** Async route: queue behind the backlog. */
  send(event: Envelope): void {
    this.enqueue(event, false)
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Stops taking work; queued messages stay where they are. */
  stop(): void {
    this.stopped = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  /** After `stop`: resolves once the deliveries already running have finished (before stores close). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight])
  }

  private enqueue(event: Envelope, now: boolean): void {
    const group = `${event.meta.tenantId}#${event.meta.runId}`
    const queue = this.groups.get(group) ?? []
    queue.push({ event, receives: 0 })
    this.groups.set(group, queue)
    if (now) this.start(group)
    else this.markReady(group)
  }

  private markReady(group: string): void {
    if (!this.ready.includes(group)) this.ready.push(group)
    this.pump()
  }

  private pump(): void {
    while (!this.stopped && this.active.size < this.options.concurrency && this.ready.length > 0) {
      const group = this.ready.shift() as string
      this.start(group)
    }
  }

  private start(group: string): void {
    if (this.stopped || this.active.has(group)) return
    const message = this.groups.get(group)?.[0]
    if (!message) return
    this.active.add(group)
    const delivery = this.deliver(group, message)
    this.inFlight.add(delivery)
    void delivery.finally(() => this.inFlight.delete(delivery))
  }

  private async deliver(group: string, message: Message): Promise<void> {
    message.receives++
    const { event } = message
    const log = this.options.logger.child({
      queue: this.options.name,
      eventId: event.meta.eventId,
      runId: event.meta.runId,
    })
    try {
      await this.options.handler(event)
      this.finish(group)
    } catch (error) {
      const reason = describeError(error)
      if (reason.retryable && message.receives < this.options.maxReceives) {
        const delay = this.options.backoffMs * 2 ** (message.receives - 1)
        log.warn('delivery failed, will retry', {
          event: event.meta.name,
          receives: message.receives,
          delay,
          reason,
        })
        const timer = setTimeout(() => {
          this.timers.delete(timer)
          this.active.delete(group)
          this.start(group)
        }, delay)
        this.timers.add(timer)
        return
      }
      log.error('delivery failed, dead-lettered', {
        event: event.meta.name,
        receives: message.receives,
        reason,
      })
      const letter = { event, reason, receives: message.receives, at: new Date().toISOString() }
      this.deadLetters.push(letter)
      await this.options
        .onDeadLetter?.(letter)
        .catch((hookError: unknown) =>
          log.error('dead-letter hook failed', { reason: describeError(hookError) }),
        )
      this.finish(group)
    }
  }

  private finish(group: string): void {
    const queue = this.groups.get(group)
    queue?.shift()
    this.active.delete(group)
    if (queue && queue.length > 0) this.markReady(group)
    else this.groups.delete(group)
    this.pump()
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  /** True when nothing is queued, in flight or waiting for a retry. */
  isIdle(): boolean {
    return this.groups.size === 0 && this.active.size === 0 && this.timers.size === 0
  }
}
