import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeDirectoryWorkspaces } from '#platform/workspaces/index.ts'
import { makeFileTools } from './file-tools.ts'

const tenantA = { tenantId: 'tenant-a', runId: 'r1', stepId: 's1' }
const tenantB = { tenantId: 'tenant-b', runId: 'r2', stepId: 's1' }

describe('file tools', () => {
  let root: string
  let read: ReturnType<typeof makeFileTools>[0]
  let write: ReturnType<typeof makeFileTools>[1]
  let list: ReturnType<typeof makeFileTools>[2]
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'chorus-files-'))
    ;[read, write, list] = makeFileTools({ workspaces: makeDirectoryWorkspaces({ root }), maxBytes: 64 }) as [
      typeof read,
      typeof write,
      typeof list,
    ]
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it("reads, writes and lists inside the calling tenant's workspace", async () => {
    expect(await write.call({ path: 'notes/a.txt', content: 'hello' }, tenantA)).toMatchObject({
      ok: true,
      data: { bytes: 5 },
    })
    expect(await read.call({ path: 'notes/a.txt' }, tenantA)).toMatchObject({
      ok: true,
      data: { content: 'hello' },
    })
    expect(await list.call({ path: 'notes' }, tenantA)).toMatchObject({
      ok: true,
      data: { entries: [{ name: 'a.txt', type: 'file' }] },
    })
  })

  it("gives another tenant's agent nothing: not found on read and list, its own file on write", async () => {
    await write.call({ path: 'secret-a.txt', content: 'for a only' }, tenantA)

    expect(await read.call({ path: 'secret-a.txt' }, tenantB)).toMatchObject({
      ok: false,
      error: { code: 'tool.notFound' },
    })
    expect(await list.call({}, tenantB)).toMatchObject({ ok: true, data: { entries: [] } })
    expect(await write.call({ path: 'secret-a.txt', content: 'from b' }, tenantB)).toMatchObject({ ok: true })
    expect(await read.call({ path: 'secret-a.txt' }, tenantA)).toMatchObject({
      ok: true,
      data: { content: 'for a only' },
    })
    expect(await read.call({ path: '../tenant-a/secret-a.txt' }, tenantB)).toMatchObject({
      ok: false,
      error: { code: 'tool.pathRefused', retryable: false },
    })
  })

  it('enforces the size limit and validates input', async () => {
    expect(await write.call({ path: 'big.txt', content: 'x'.repeat(65) }, tenantA)).toMatchObject({
      ok: false,
      error: { code: 'tool.tooLarge' },
    })
    expect(await read.call({ nope: 1 }, tenantA)).toMatchObject({
      ok: false,
      error: { code: 'tool.invalidInput' },
    })
    expect(await read.call({ path: 'missing.txt' }, tenantA)).toMatchObject({
      ok: false,
      error: { code: 'tool.notFound' },
    })
    expect(await list.call({ path: 'missing' }, tenantA)).toMatchObject({
      ok: false,
      error: { code: 'tool.notFound' },
    })
  })
})
