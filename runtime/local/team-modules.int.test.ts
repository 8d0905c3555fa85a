import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http, startTestChorus } from './testing.ts'

type Problem = { error: { code: string; message: string; problems?: string[] } }
const custom = (module: string) => ({
  name: 'digest',
  description: 'Digests in two passes.',
  shape: 'custom',
  module,
})
const EXAMPLES = resolve(import.meta.dirname, '../../services/workers/examples/modules')

/**
 * Custom team modules, which only the embedded runtime loads (from `CHORUS_TEAM_MODULE_DIRS`). The
 * rest of the teams API runs on both runtimes in `runtime/api-suite/teams.int.test.ts`, where a custom
 * module is refused on write.
 */
describe('custom team modules of an allowlisted directory (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    chorus = await startTestChorus({ CHORUS_TEAM_MODULE_DIRS: EXAMPLES })
  })
  afterAll(() => chorus.close())

  it('saves a module of the allowlisted directory', async () => {
    expect((await http(chorus.url, 'POST', '/teams', custom('summarize.ts'))).status).toBe(201)
  })

  it.each([
    [
      'a module path that climbs out',
      custom('../../../../runtime/local/config.ts'),
      'body.module: module must be a relative path',
    ],
    [
      'an absolute module path',
      custom(resolve(EXAMPLES, 'summarize.ts')),
      'body.module: module must be a relative path',
    ],
    [
      'a module that is not there',
      custom('missing.ts'),
      'body.module: module missing.ts is not in the allowlisted',
    ],
    [
      'a module without the export',
      { ...custom('summarize.ts'), export: 'nope' },
      'no function export "nope"',
    ],
  ])('refuses %s with 400 team.invalid naming the field', async (_, body, problem) => {
    const res = await http(chorus.url, 'POST', '/teams', body)
    expect(res.status).toBe(400)
    const { error } = res.json as Problem
    expect(error.code).toBe('team.invalid')
    expect(error.problems?.join('\n')).toContain(problem)
  })
})
