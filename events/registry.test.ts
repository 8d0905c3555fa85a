import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PlanCreated } from './catalog/index.ts'
import { CATALOG, entryBytes, eventJsonSchemas, parseEvent, upcastEvent } from './registry.ts'

const fixturesDir = join(import.meta.dirname, 'fixtures')
const fixture = (file: string) => JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as never
const fixtureFiles = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'))

const expectFailure = (input: unknown) => {
  const result = parseEvent(input)
  if (result.success) throw new Error('expected the event to be rejected')
  return result.error
}

describe('event fixtures', () => {
  it('has one fixture per event version in the catalog', () => {
    const expected = CATALOG.flatMap((d) => d.versions.map((v) => `${d.name}.v${v.version}.json`)).sort()
    expect(fixtureFiles.sort()).toEqual(expected)
  })

  it.each(fixtureFiles)('parses %s, in the current version of its event', (file) => {
    const result = parseEvent(fixture(file))
    const definition = CATALOG.find((d) => result.success && d.name === result.event.meta.name)
    expect(result.success && result.event.meta.version).toBe(definition?.version)
  })
})

describe('older versions (upcast on read)', () => {
  const v1 = fixture('PlanCreated.v1.json') as { meta: Record<string, unknown>; data: object }

  it('reads a PlanCreated v1 as a v2 without approval, the data otherwise as written', () => {
    const result = parseEvent(v1)
    if (!result.success) throw result.error
    expect(result.event.meta).toEqual({ ...v1.meta, version: 2 })
    expect(result.event.data).toEqual(v1.data)
    expect(PlanCreated.is(result.event)).toBe(true)
  })

  it('checks an older version against its own schema: v1 never had approval', () => {
    const approval = (fixture('PlanCreated.v2.json') as { data: { approval: unknown } }).data.approval
    const error = expectFailure({ ...v1, data: { ...v1.data, approval } })
    expect(error.message).toContain('approval')
  })

  it('narrows only the current version: an envelope still in v1 is not a PlanCreated until upcast', () => {
    const stale = { meta: { ...v1.meta, version: 1 }, data: v1.data } as never
    expect(PlanCreated.is(stale)).toBe(false)
    expect(PlanCreated.is(upcastEvent(stale))).toBe(true)
  })
})

describe('call commitments (additive, optional)', () => {
  const completed = fixture('StepCompleted.v1.json') as { meta: object; data: Record<string, unknown> }
  const digest = 'a'.repeat(64)

  it('parses a v1 StepCompleted without calls (logged before commitments) and with them', () => {
    expect('calls' in completed.data).toBe(false)
    const calls = [{ kind: 'model', callId: 'c1', digest }]
    const result = parseEvent({ ...completed, data: { ...completed.data, calls } })
    expect(result.success && result.event.data).toMatchObject({ calls })
  })

  it('refuses a commitment whose digest is not a sha256', () => {
    const calls = [{ kind: 'tool', callId: 'c1', digest: 'nope' }]
    expect(parseEvent({ ...completed, data: { ...completed.data, calls } }).success).toBe(false)
  })
})

describe('parseEvent', () => {
  const valid = fixture('TaskQueued.v1.json') as {
    meta: Record<string, unknown>
    data: Record<string, unknown>
  }

  it('accepts an EventBridge event as delivered to an SQS target', () => {
    const result = parseEvent({ 'detail-type': 'TaskQueued', source: 'chorus.supervisor', detail: valid })
    expect(result.success && result.event.meta.name).toBe('TaskQueued')
  })

  it('accepts a PutEvents entry with a JSON Detail string', () => {
    const entry = { DetailType: 'TaskQueued', Source: 'chorus.supervisor', Detail: JSON.stringify(valid) }
    expect(parseEvent(entry).success).toBe(true)
  })

  it('rejects an unknown event name', () => {
    const error = expectFailure({ ...valid, meta: { ...valid.meta, name: 'StepExploded' } })
    expect(error.code).toBe('event.unknownName')
    expect(error.message).toContain('meta.name: unknown event "StepExploded"')
  })

  it('rejects an unknown version and lists the known ones', () => {
    const error = expectFailure({ ...valid, meta: { ...valid.meta, version: 7 } })
    expect(error.code).toBe('event.unknownVersion')
    expect(error.message).toBe('meta.version: TaskQueued has no version 7 (known: 1, 2)')
  })

  it('names the invalid field inside data', () => {
    const error = expectFailure({ ...valid, data: { ...valid.data, team: 'Not A Slug' } })
    expect(error.code).toBe('event.invalid')
    expect(error.message).toContain('data.team: must be a lowercase slug')
  })

  it('names the invalid field inside meta', () => {
    const error = expectFailure({ ...valid, meta: { ...valid.meta, seq: 0 } })
    expect(error.message).toMatch(/^meta\.seq: /)
  })

  it('rejects unknown fields in data', () => {
    const error = expectFailure({ ...valid, data: { ...valid.data, sneaky: true } })
    expect(error.message).toContain('sneaky')
  })

  it('rejects a detail-type that disagrees with meta.name', () => {
    const error = expectFailure({
      'detail-type': 'StepCompleted',
      source: 'chorus.supervisor',
      detail: valid,
    })
    expect(error.message).toContain('detail-type')
  })

  it('rejects a source that disagrees with the definition', () => {
    const error = expectFailure({ 'detail-type': 'TaskQueued', source: 'chorus.api', detail: valid })
    expect(error.message).toBe('source: expected "chorus.supervisor", got "chorus.api"')
  })

  it('rejects a PutEvents entry whose Detail is not JSON', () => {
    const error = expectFailure({ DetailType: 'TaskQueued', Source: 'chorus.supervisor', Detail: '{oops' })
    expect(error.message).toBe('Detail: is not valid JSON')
  })

  it('rejects a plan with a dependency cycle, naming the cycle', () => {
    const created = fixture('PlanCreated.v1.json') as { meta: unknown; data: { plan: { steps: object[] } } }
    const steps = [
      { id: 'a', team: 'writer', instruction: 'x', dependsOn: ['b'] },
      { id: 'b', team: 'writer', instruction: 'y', dependsOn: ['a'] },
    ]
    const error = expectFailure({ ...created, data: { ...created.data, plan: { goal: 'g', steps } } })
    expect(error.message).toContain('data.plan.steps: dependency cycle: a -> b -> a')
  })
})

describe('eventJsonSchemas', () => {
  it('publishes a JSON Schema for every event version', () => {
    const schemas = eventJsonSchemas()
    expect(Object.keys(schemas)).toHaveLength(CATALOG.flatMap((d) => d.versions).length)
    expect(schemas['PlanCreated.v1']).toMatchObject({ source: 'chorus.planner', schema: { type: 'object' } })
    const data = (key: string) =>
      (schemas[key] as { schema: { properties: { data: { properties: object } } } }).schema.properties.data
        .properties
    expect(Object.keys(data('PlanCreated.v1'))).not.toContain('approval')
    expect(Object.keys(data('PlanCreated.v2'))).toContain('approval')
  })
})

describe('entryBytes', () => {
  it('measures the serialised envelope', () => {
    expect(entryBytes({ meta: {}, data: 'é' })).toBe(Buffer.byteLength('{"meta":{},"data":"é"}'))
  })
})
