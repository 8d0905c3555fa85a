import type { EventPatternNode } from './patterns.ts'

/** An EventBridge event as a rule sees it (the fields Chorus patterns look at). */
export interface PatternTestEvent {
  source: string
  'detail-type': string
  detail: Record<string, unknown>
  'replay-name'?: string
}

export interface PatternCase {
  name: string
  pattern: EventPatternNode
  event: PatternTestEvent
  matches: boolean
  /**
   * False when moto cannot take part: the event cannot be sent with PutEvents (a `replay-name`),
   * or moto differs from EventBridge (it does not look inside arrays of objects).
   */
  moto?: false
}

const ev = (
  detail: Record<string, unknown>,
  source = 'chorus.api',
  type = 'RunRequested',
): PatternTestEvent => ({
  source,
  'detail-type': type,
  detail,
})

const meta = (fields: Record<string, unknown>) => ev({ meta: { route: 'async', ...fields }, data: {} })

/**
 * The conformance table of the pattern matcher: each operator Chorus uses, matching and not. The
 * unit test runs every case; the moto test sends every event past every pattern and compares.
 */
export const PATTERN_CASES: readonly PatternCase[] = [
  { name: 'exact source', pattern: { source: ['chorus.api'] }, event: ev({}), matches: true },
  {
    name: 'exact source, other value',
    pattern: { source: ['chorus.planner'] },
    event: ev({}),
    matches: false,
  },
  {
    name: 'one of several values',
    pattern: { 'detail-type': ['PlanCreated', 'RunRequested'] },
    event: ev({}),
    matches: true,
  },
  {
    name: 'nested exact value',
    pattern: { detail: { meta: { route: ['async'] } } },
    event: meta({}),
    matches: true,
  },
  {
    name: 'nested exact value, other value',
    pattern: { detail: { meta: { route: ['async'] } } },
    event: meta({ route: 'sync' }),
    matches: false,
  },
  {
    name: 'nested field whose parent is missing',
    pattern: { detail: { meta: { route: ['async'] } } },
    event: ev({ data: {} }),
    matches: false,
  },
  { name: 'exact number', pattern: { detail: { n: [5] } }, event: ev({ n: 5 }), matches: true },
  { name: 'exact number, other value', pattern: { detail: { n: [5] } }, event: ev({ n: 6 }), matches: false },
  {
    name: 'a number is not its string',
    pattern: { detail: { n: ['5'] } },
    event: ev({ n: 5 }),
    matches: false,
  },
  { name: 'exact boolean', pattern: { detail: { ok: [false] } }, event: ev({ ok: false }), matches: true },
  { name: 'exact null', pattern: { detail: { x: [null] } }, event: ev({ x: null }), matches: true },
  { name: 'null is not missing', pattern: { detail: { x: [null] } }, event: ev({}), matches: false },
  { name: 'prefix', pattern: { source: [{ prefix: 'chorus.' }] }, event: ev({}), matches: true },
  {
    name: 'prefix, other value',
    pattern: { source: [{ prefix: 'acme.' }] },
    event: ev({}),
    matches: false,
  },
  {
    name: 'prefix ignoring case',
    pattern: { source: [{ prefix: { 'equals-ignore-case': 'CHORUS.' } }] },
    event: ev({}),
    matches: true,
  },
  {
    name: 'suffix',
    pattern: { 'detail-type': [{ suffix: 'Requested' }] },
    event: ev({}),
    matches: true,
  },
  {
    name: 'equals-ignore-case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'runrequested' }] },
    event: ev({}),
    matches: true,
  },
  {
    name: 'anything-but a value',
    pattern: { detail: { meta: { route: [{ 'anything-but': 'sync' }] } } },
    event: meta({}),
    matches: true,
  },
  {
    name: 'anything-but a value, that value',
    pattern: { detail: { meta: { route: [{ 'anything-but': 'async' }] } } },
    event: meta({}),
    matches: false,
  },
  {
    name: 'anything-but a list',
    pattern: { 'detail-type': [{ 'anything-but': ['RunCompleted', 'RunFailed'] }] },
    event: ev({}),
    matches: true,
  },
  {
    name: 'anything-but a prefix',
    pattern: { source: [{ 'anything-but': { prefix: 'chorus.' } }] },
    event: ev({}),
    matches: false,
  },
  {
    name: 'anything-but never matches a missing field',
    pattern: { detail: { missing: [{ 'anything-but': 'x' }] } },
    event: ev({}),
    matches: false,
  },
  {
    name: 'exists on a present field',
    pattern: { detail: { meta: { replay: [{ exists: true }] } } },
    event: meta({ replay: 'r1' }),
    matches: true,
  },
  {
    name: 'exists on a missing field',
    pattern: { detail: { meta: { replay: [{ exists: true }] } } },
    event: meta({}),
    matches: false,
  },
  {
    name: 'exists false on a missing field',
    pattern: { detail: { meta: { replay: [{ exists: false }] } } },
    event: meta({}),
    matches: true,
  },
  {
    name: 'exists false on a present field',
    pattern: { detail: { meta: { replay: [{ exists: false }] } } },
    event: meta({ replay: 'r1' }),
    matches: false,
  },
  {
    name: 'exists false under a missing parent',
    pattern: { detail: { meta: { replay: [{ exists: false }] } } },
    event: ev({}),
    matches: true,
  },
  {
    name: 'top-level replay-name absent on a live event',
    pattern: { 'replay-name': [{ exists: false }] },
    event: ev({}),
    matches: true,
  },
  {
    name: 'top-level replay-name present on a replayed event',
    pattern: { 'replay-name': [{ exists: false }] },
    event: { ...ev({}), 'replay-name': 'nightly' },
    matches: false,
    moto: false,
  },
  {
    name: 'numeric range, inside',
    pattern: { detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } },
    event: ev({ n: 5 }),
    matches: true,
  },
  {
    name: 'numeric range, outside',
    pattern: { detail: { n: [{ numeric: ['>', 0, '<=', 5] }] } },
    event: ev({ n: 0 }),
    matches: false,
  },
  {
    name: 'numeric never matches a string',
    pattern: { detail: { n: [{ numeric: ['>=', 0] }] } },
    event: ev({ n: '3' }),
    matches: false,
  },
  {
    name: 'numeric equals',
    pattern: { detail: { n: [{ numeric: ['=', 2.5] }] } },
    event: ev({ n: 2.5 }),
    matches: true,
  },
  {
    name: 'an array value matches when one element does',
    pattern: { detail: { tags: ['b'] } },
    event: ev({ tags: ['a', 'b'] }),
    matches: true,
  },
  {
    name: 'an array value with no matching element',
    pattern: { detail: { tags: ['c'] } },
    event: ev({ tags: ['a', 'b'] }),
    matches: false,
  },
  {
    name: 'every field must match',
    pattern: { source: ['chorus.api'], detail: { meta: { route: ['sync'] } } },
    event: meta({}),
    matches: false,
  },
  {
    name: '$or at the top',
    pattern: { $or: [{ source: ['chorus.planner'] }, { detail: { meta: { route: ['async'] } } }] },
    event: meta({}),
    matches: true,
  },
  {
    name: '$or at the top, no alternative matches',
    pattern: { $or: [{ source: ['chorus.planner'] }, { detail: { meta: { route: ['sync'] } } }] },
    event: meta({}),
    matches: false,
  },
  {
    name: '$or nested, with a sibling field',
    pattern: {
      source: ['chorus.api'],
      detail: { $or: [{ n: [{ numeric: ['>', 10] }] }, { tags: ['b'] }] },
    },
    event: ev({ n: 1, tags: ['a', 'b'] }),
    matches: true,
  },
  {
    name: 'nested pattern inside an array of objects',
    pattern: { detail: { items: { k: ['y'] } } },
    event: ev({ items: [{ k: 'x' }, { k: 'y' }] }),
    matches: true,
    moto: false,
  },
]
