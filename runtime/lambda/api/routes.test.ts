import { describe, expect, it } from 'vitest'
import { API_OPERATIONS } from '#services/api/index.ts'
import {
  API_GROUP_OPERATIONS,
  API_GROUPS,
  operationAt,
  STREAMED_OPERATIONS,
  STREAMED_ROUTES,
  streamedOperationAt,
} from './routes.ts'

describe('API groups', () => {
  it('serve every operation of the API exactly once, except the streamed ones', () => {
    const grouped = Object.values(API_GROUP_OPERATIONS).flat()
    expect(new Set(grouped).size).toBe(grouped.length)
    expect([...grouped, ...STREAMED_OPERATIONS].sort()).toEqual(
      API_OPERATIONS.map((op) => op.operationId).sort(),
    )
  })

  it('name their routes as API Gateway names resources', () => {
    expect(API_GROUPS.runs).toContain('GET /runs/{runId}')
    expect(operationAt('chats', 'POST', '/chats/{chatId}/messages')).toBe('postMessage')
    expect(operationAt('chats', 'GET', '/runs/{runId}')).toBeUndefined()
  })
  it('send the run event stream to the streaming function, at the path the API document names', () => {
    expect(STREAMED_ROUTES).toEqual(['GET /runs/{runId}/events'])
    expect(streamedOperationAt('GET', '/runs/{runId}/events')).toBe('streamRunEvents')
    expect(streamedOperationAt('GET', '/runs/{runId}')).toBeUndefined()
  })
})
