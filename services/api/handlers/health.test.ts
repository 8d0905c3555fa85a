import type { APIGatewayProxyEvent, Context } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { silentLogger } from '#platform/log/index.ts'
import { makeHealthHandler } from './health.ts'

const health = makeHealthHandler({ logger: silentLogger })
const call = (headers: Record<string, string>) =>
  health({ httpMethod: 'GET', path: '/health', headers } as unknown as APIGatewayProxyEvent, {} as Context)

describe('GET /health', () => {
  it('says the process is up', async () => {
    const res = await call({})
    expect([res.statusCode, JSON.parse(res.body)]).toEqual([200, { status: 'ok' }])
  })

  it('checks its input like every endpoint: a lone surrogate in a header is a 400 naming it', async () => {
    const res = await call({ 'x-probe': '\ud800' })
    expect([res.statusCode, JSON.parse(res.body).error.message]).toEqual([
      400,
      'header.x-probe: is not well-formed Unicode (it holds a lone surrogate)',
    ])
  })
})
