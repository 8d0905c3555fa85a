import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import type * as R from './http/responses.ts'
import { errorStatusesOf, type SuccessBody } from './operation.ts'
import { postEvents } from './operations/events.ts'
import { health } from './operations/meta.ts'
import { type cancelRun, getRun } from './operations/runs.ts'
import type { deleteTeam } from './operations/teams.ts'

describe('an operation defined once', () => {
  it('types the body of its successful answers by its response schemas', () => {
    expectTypeOf<SuccessBody<typeof getRun>>().toEqualTypeOf<z.output<typeof R.RunView>>()
    expectTypeOf<SuccessBody<typeof cancelRun>>().toEqualTypeOf<z.output<typeof R.CancelAnswer>>()
    expectTypeOf<SuccessBody<typeof deleteTeam>>().toEqualTypeOf<undefined>()
  })

  it('may answer the errors of every request, and those of its credentials, body and idempotency', () => {
    expect(errorStatusesOf(health)).toEqual([400, 408, 413, 431, 500])
    expect(errorStatusesOf(getRun)).toEqual([400, 401, 403, 408, 413, 431, 500])
    expect(errorStatusesOf(postEvents)).toEqual([400, 401, 403, 408, 409, 413, 415, 422, 431, 500])
  })
})
