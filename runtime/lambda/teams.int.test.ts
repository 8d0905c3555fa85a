import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestStack, type TestStack } from '../aws/testing/emulator.ts'
import { handler as teams } from './api/teams.ts'
import { apiEvent, lambdaContext } from './testing.ts'

type Problem = { error: { code: string; message: string; problems?: string[] } }

describe('team definitions through the Lambda entry points (moto)', () => {
  let stack: TestStack
  beforeAll(async () => {
    stack = await startTestStack('teams')
    Object.assign(process.env, stack.env)
  })
  afterAll(() => stack.close())

  it('refuses a custom module team on write: no module directory is allowlisted on AWS', async () => {
    const team = { name: 'digest', description: 'Digests.', shape: 'custom', module: 'summarize.ts' }

    const res = await teams(apiEvent('POST', '/teams', {}, team), lambdaContext())

    expect(res.statusCode).toBe(400)
    expect((JSON.parse(res.body) as Problem).error).toMatchObject({
      code: 'team.invalid',
      problems: ['body.module: custom team modules are not enabled here: no module directory is allowlisted'],
    })
    const missing = await teams(apiEvent('GET', '/teams/{name}', { name: 'digest' }), lambdaContext())
    expect(missing.statusCode).toBe(404)
  })

  it('reports every problem of a team at once, as on the embedded runtime', async () => {
    const team = {
      name: 'sloppy',
      description: 'd',
      shape: 'agent',
      tools: ['teleport'],
      prompt: 'Hi {{who}}',
    }

    const res = await teams(apiEvent('PUT', '/teams/{name}', { name: 'sloppy' }, team), lambdaContext())

    expect(res.statusCode).toBe(400)
    expect((JSON.parse(res.body) as Problem).error.problems).toEqual([
      'body.tools.0: unknown tool "teleport"',
      'body.prompt: unknown template variable "who" (known: goal, instruction, inputs, team)',
    ])
  })
})
