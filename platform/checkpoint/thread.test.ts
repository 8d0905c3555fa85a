import { describe, expect, it } from 'vitest'
import { isBlobKey } from '../blobs/index.ts'
import { locateThread, parseRunThreadId, runThreadId } from './thread.ts'

const RUN = '01JD3Z6Y8Q2W9V7T5R4P3N2M1K'

describe('thread ids', () => {
  it('puts a run thread in the run partition, tenant first', () => {
    expect(runThreadId('acme', RUN)).toBe(`acme#${RUN}`)
    expect(parseRunThreadId(`acme#${RUN}`)).toEqual({ tenantId: 'acme', runId: RUN })
    expect(locateThread(`acme#${RUN}`)).toEqual({
      pk: `T#acme#RUN#${RUN}`,
      blobPrefix: `checkpoints/t/acme/runs/${RUN}`,
    })
  })

  it.each(['thread-1', `Acme#${RUN}`, 'acme#not-a-ulid', `acme#${RUN}#x`, `T#acme#RUN#${RUN}`, '../../etc'])(
    'keeps the other thread id %j out of every tenant partition',
    (threadId) => {
      expect(parseRunThreadId(threadId)).toBeUndefined()
      const { pk, blobPrefix } = locateThread(threadId)
      expect(pk).toBe(`THREAD#${threadId}`)
      expect(isBlobKey(blobPrefix)).toBe(true)
    },
  )
})
