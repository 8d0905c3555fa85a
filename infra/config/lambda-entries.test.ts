import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONSUMERS } from '#events'
import { STREAMED_GROUP } from '../../services/api/operation.ts'
import { API_OPERATIONS } from '../../services/api/routes.ts'
import { apiGroupNames } from '../routing/api-routes.ts'
import { API_PROFILES, apiProfile } from './functions.ts'
import { LAMBDA_ENTRIES, REPO_ROOT, resolveEntry } from './lambda-entries.ts'

describe('Lambda entry points', () => {
  it('exist for every consumer of the routes, every API group, the sweeper and the authorizer', () => {
    const entries = [
      ...CONSUMERS.map(LAMBDA_ENTRIES.consumer),
      ...apiGroupNames().map(LAMBDA_ENTRIES.api),
      LAMBDA_ENTRIES.sweeper,
      LAMBDA_ENTRIES.authorizer,
    ]
    const missing = entries.filter((entry) => !existsSync(join(REPO_ROOT, entry)))
    expect(missing, 'entry files infra/config/lambda-entries.ts points at').toEqual([])
  })

  it('fail synth naming the missing file and the module that maps it', () => {
    expect(() => resolveEntry('runtime/lambda/consumers/nobody.ts', 'the nobody consumer')).toThrow(
      'Lambda entry point runtime/lambda/consumers/nobody.ts for the nobody consumer does not exist: add it under ' +
        'runtime/lambda, or change its path in infra/config/lambda-entries.ts',
    )
  })

  it('have a size and an access profile for every group an operation names', () => {
    const named = new Set(API_OPERATIONS.map((op) => op.group).filter((group) => group !== STREAMED_GROUP))
    expect([...named].filter((group) => !Object.hasOwn(API_PROFILES, group))).toEqual([])
    expect([...named].sort()).toEqual([...apiGroupNames()].sort())
  })

  it('fail synth for a group without a profile', () => {
    expect(() => apiProfile('nobody')).toThrow(
      'API group "nobody" has no profile: add its access and size to infra/config/functions.ts',
    )
  })
})
