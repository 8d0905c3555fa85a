import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { http, startTestChorus } from './testing.ts'

describe('restart of the embedded runtime', () => {
  it('keeps runs, their plans, steps and event logs across a restart, and seeds teams only once', async () => {
    const first = await startTestChorus()
    const { dataDir } = first
    try {
      expect(first.seededTeams).toEqual(['researcher', 'writer'])
      const posted = await http(first.url, 'POST', '/chats/demo/messages', { content: 'Explain tides' })
      const { runId } = posted.json as { runId: string }
      const before = (await http(first.url, 'GET', `/runs/${runId}`)).json
      await first.close({ keepData: true })

      const second = await startTestChorus({}, { dataDir })
      try {
        expect(second.seededTeams).toEqual([])
        const after = await http(second.url, 'GET', `/runs/${runId}`)
        expect(after.status).toBe(200)
        expect(after.json).toEqual(before)
        const next = await http(second.url, 'POST', '/chats/demo/messages', { content: 'Explain waves' })
        expect((next.json as { status: string }).status).toBe('completed')
      } finally {
        await second.close()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
