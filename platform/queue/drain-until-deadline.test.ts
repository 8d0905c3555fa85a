import { describe, expect, it } from 'vitest'
import { drainUntilDeadline } from './drain-until-deadline.ts'
import type { PollOptions } from './sqs-poller.ts'

/** A queue of tasks that each take `taskMs` of a clock starting with `budgetMs` left. */
const scenario = (tasks: number, taskMs: number, budgetMs: number) => {
  let left = budgetMs
  let queued = tasks
  const polls: PollOptions[] = []
  return {
    polls,
    left: () => left,
    poll: async (options: PollOptions) => {
      polls.push(options)
      if (queued === 0) {
        left -= (options.waitSeconds ?? 0) * 1000
        return { received: 0, succeeded: 0, failed: 0 }
      }
      queued--
      left -= taskMs
      return { received: 1, succeeded: 1, failed: 0 }
    },
  }
}

describe('drain until the deadline', () => {
  it('takes no new task once less than the reserve is left', async () => {
    const s = scenario(100, 60_000, 15 * 60_000)
    const summary = await drainUntilDeadline({ poll: s.poll, remainingMs: s.left, reserveMs: 120_000 })
    expect(summary).toEqual({ received: 13, succeeded: 13, failed: 0, stoppedBy: 'deadline' })
    expect(s.left()).toBeGreaterThanOrEqual(60_000)
  })

  it('stops when a long poll finds the queue empty', async () => {
    const s = scenario(2, 1000, 15 * 60_000)
    expect(await drainUntilDeadline({ poll: s.poll, remainingMs: s.left, reserveMs: 120_000 })).toEqual({
      received: 2,
      succeeded: 2,
      failed: 0,
      stoppedBy: 'empty',
    })
    expect(s.polls.at(-1)?.waitSeconds).toBe(20)
  })

  it('takes one task at a time and hides it for the rest of the invocation', async () => {
    const s = scenario(1, 1000, 300_000)
    await drainUntilDeadline({ poll: s.poll, remainingMs: s.left, reserveMs: 120_000 })
    expect(s.polls[0]).toEqual({ max: 1, waitSeconds: 20, visibilityTimeoutSeconds: 300 })
  })

  it('does not even poll when the invocation starts inside the reserve', async () => {
    const s = scenario(5, 1000, 60_000)
    expect(
      (await drainUntilDeadline({ poll: s.poll, remainingMs: s.left, reserveMs: 120_000 })).stoppedBy,
    ).toBe('deadline')
    expect(s.polls).toEqual([])
  })
})
