import { describe, expect, it } from 'vitest'
import { PATTERN_CASES } from './patterns.cases.ts'
import { matchesPattern, patternProblems } from './patterns.ts'
import { CATALOG } from './registry.ts'
import { archivePattern, rulesFromRoutes } from './rules.ts'

describe('event pattern matcher (EventBridge semantics)', () => {
  it.each(PATTERN_CASES.map((c) => [c.name, c] as const))('%s', (_, { pattern, event, matches }) => {
    expect(patternProblems(pattern)).toEqual([])
    expect(matchesPattern(pattern, event)).toBe(matches)
  })

  it.each([
    [{ source: 'chorus.api' }, 'source: must be an object or a non-empty array'],
    [{ source: [] }, 'source: must be an object or a non-empty array'],
    [{ detail: { n: [{ numeric: ['>', 'x'] }] } }, 'detail.n[0]: unknown matcher'],
    [{ detail: { n: [{ wildcard: 'a*' }] } }, 'detail.n[0]: unknown matcher'],
    [{ $or: [{ source: ['a'] }] }, '$or: must list at least two patterns'],
    [{ $or: [{ source: ['a'] }, { source: 'b' }] }, '$or[1].source: must be an object or a non-empty array'],
  ])('rejects the malformed pattern %j naming the path', (pattern, problem) => {
    expect(patternProblems(pattern).join('; ')).toContain(problem)
  })
})

describe('rules generated from the routes table', () => {
  const envelope = (name: string, source: string, route: 'sync' | 'async', replay?: string) => ({
    source,
    'detail-type': name,
    detail: { meta: { name, route }, data: {} },
    ...(replay ? { 'replay-name': replay } : {}),
  })

  it('sends each async event to its service and the projector, no sync event anywhere, replays to the projector only', () => {
    const rules = rulesFromRoutes()
    const delivered = (event: unknown) =>
      rules.filter((r) => matchesPattern(r.pattern, event)).map((r) => r.consumer)
    for (const definition of CATALOG) {
      const live = delivered(envelope(definition.name, definition.source, 'async'))
      expect(live.filter((c) => c !== 'projector').length, definition.name).toBeLessThanOrEqual(1)
      expect(live, definition.name).toContain('projector')
      expect(delivered(envelope(definition.name, definition.source, 'sync'))).toEqual([])
      for (const route of ['sync', 'async'] as const)
        expect(delivered(envelope(definition.name, definition.source, route, 'r1'))).toEqual(['projector'])
    }
    expect(delivered(envelope('TaskQueued', 'chorus.supervisor', 'async'))).toEqual(['workers', 'projector'])
    // A wrong source never reaches the workers; the projector's catch-all rule takes it, and parseEvent refuses it there.
    expect(delivered(envelope('TaskQueued', 'chorus.api', 'async'))).toEqual(['projector'])
  })

  it('names one valid rule per consumer and archives every live Chorus event', () => {
    const rules = rulesFromRoutes()
    expect(rules.map((r) => r.name)).toEqual([
      'chorus-planner',
      'chorus-supervisor',
      'chorus-workers',
      'chorus-projector',
      'chorus-projector-replay',
    ])
    for (const rule of rules) expect(patternProblems(rule.pattern)).toEqual([])
    expect(JSON.stringify(rules[1]?.pattern).length).toBeLessThan(2048)
    for (const d of CATALOG)
      expect(matchesPattern(archivePattern(), envelope(d.name, d.source, 'sync'))).toBe(true)
    expect(matchesPattern(archivePattern(), envelope('RunFailed', 'chorus.supervisor', 'sync', 'r1'))).toBe(
      false,
    )
  })
})
