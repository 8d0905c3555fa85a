import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineEvent } from './define-event.ts'
import { EventContractError } from './errors.ts'

/** A test-only event of three versions: v2 renames `text` to `body`, v3 adds a required `lang`. */
const NoteV1 = defineEvent({
  name: 'NoteTaken',
  version: 1,
  source: 'chorus.api',
  description: 'v1',
  data: z.object({ text: z.string() }).strict(),
})
const NoteV2 = NoteV1.evolve({
  version: 2,
  description: 'v2',
  data: z.object({ body: z.string() }).strict(),
  upcast: (v1) => ({ body: v1.text }),
})
const Note = NoteV2.evolve({
  version: 3,
  description: 'v3',
  data: z.object({ body: z.string(), lang: z.string() }).strict(),
  upcast: (v2) => ({ ...v2, lang: 'und' }),
})

const context = {
  tenantId: 'acme',
  runId: 'r1',
  correlationId: 'r1',
  causationId: null,
  route: 'async' as const,
  actor: { kind: 'system' as const, id: 'test' },
}

describe('defineEvent versions', () => {
  it('keeps every version, oldest first, and drafts the current one', () => {
    expect(Note.versions.map((v) => [v.version, v.description])).toEqual([
      [1, 'v1'],
      [2, 'v2'],
      [3, 'v3'],
    ])
    expect(Note.draft({ body: 'hi', lang: 'en' }, context).meta.version).toBe(3)
  })

  it('upcasts v1 data through every later version, each step checked by its schema', () => {
    expect(Note.upcast(1, { text: 'hi' })).toEqual({ body: 'hi', lang: 'und' })
    expect(Note.upcast(2, { body: 'hi' })).toEqual({ body: 'hi', lang: 'und' })
    expect(Note.upcast(3, { body: 'hi', lang: 'en' })).toEqual({ body: 'hi', lang: 'en' })
  })

  it('names the version an upcaster broke', () => {
    const Broken = NoteV1.evolve({
      version: 2,
      description: 'v2',
      data: z.object({ body: z.string() }).strict(),
      upcast: () => ({ body: 1 as unknown as string }),
    })
    let caught: unknown
    try {
      Broken.upcast(1, { text: 'hi' })
    } catch (error) {
      caught = error
    }
    expect(caught instanceof EventContractError && caught.code).toBe('event.invalid')
    expect(String(caught)).toContain('NoteTaken v1 does not upcast to v2')
  })

  it('refuses a version that does not follow the current one', () => {
    const skip = () =>
      NoteV1.evolve({ version: 3, description: 'v3', data: z.object({}), upcast: () => ({}) })
    expect(skip).toThrow('NoteTaken: version 3 must follow version 1')
  })
})
