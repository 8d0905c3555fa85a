import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { describeQueueStore, testEvent } from './queue-store.conformance.ts'
import { makeMemoryQueueStore } from './queue-store.ts'
import { openSqliteQueueStore } from './sqlite-queue-store.ts'

const dir = mkdtempSync(join(tmpdir(), 'chorus-queue-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const freshPath = () => join(dir, `q${n++}`, 'queues.sqlite')

describeQueueStore('memory', makeMemoryQueueStore)
describeQueueStore('SQLite', () => openSqliteQueueStore({ path: freshPath() }))

describe('SQLite queue store', () => {
  it('keeps messages and dead letters across a reopen', () => {
    const path = freshPath()
    const first = openSqliteQueueStore({ path })
    const kept = first.add('workers', 'acme#r1', testEvent(newId(), 1))
    first.received(kept.id, 1)
    const dead = first.add('workers', 'acme#r2', testEvent(newId(), 1))
    first.deadLetter(dead, { code: 'x', message: 'y', retryable: false }, '2026-12-02T00:00:00.000Z')
    first.close()

    const second = openSqliteQueueStore({ path })
    expect(second.pending('workers')).toEqual([{ ...kept, receives: 1 }])
    expect(second.deadLetters().map((l) => l.event)).toEqual([dead.event])
    second.close()
  })

  it('refuses a second opener of the same file while the first holds it, and lets it in after', () => {
    const path = freshPath()
    const first = openSqliteQueueStore({ path })
    expect(() => openSqliteQueueStore({ path })).toThrow(expect.objectContaining({ code: 'queue.locked' }))
    first.close()
    const second = openSqliteQueueStore({ path })
    second.close()
  })
})
