import { z } from 'zod'

/**
 * EventBridge event patterns as data, and a matcher for the operators Chorus uses: exact values,
 * `prefix`, `suffix`, `equals-ignore-case`, `anything-but` (values, `prefix`, `suffix`), `exists`,
 * `numeric`, `$or`, nested objects and arrays. The CDK rules and the embedded bus read the same data;
 * `patterns.cases.ts` is the table both this matcher and moto are checked against.
 */

const NUMERIC_OPS = ['<', '<=', '=', '>=', '>'] as const
type NumericOp = (typeof NUMERIC_OPS)[number]

const Text = z.string()
const TextOrIgnoreCase = z.union([Text, z.object({ 'equals-ignore-case': Text }).strict()])
const Numeric = z
  .array(z.union([z.enum(NUMERIC_OPS), z.number()]))
  .refine(
    (spec) =>
      (spec.length === 2 || spec.length === 4) &&
      spec.every((part, i) => (i % 2 === 0 ? typeof part === 'string' : typeof part === 'number')),
    'numeric takes [op, number] or [op, number, op, number]',
  )

const AnythingBut = z.union([
  z.string(),
  z.number(),
  z.array(z.string()).min(1),
  z.array(z.number()).min(1),
  z.object({ prefix: Text }).strict(),
  z.object({ suffix: Text }).strict(),
  z.object({ 'equals-ignore-case': Text }).strict(),
])

/** One entry of a leaf array: an exact value or one operator object. */
export const PatternMatcher = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ prefix: TextOrIgnoreCase }).strict(),
  z.object({ suffix: TextOrIgnoreCase }).strict(),
  z.object({ 'equals-ignore-case': Text }).strict(),
  z.object({ 'anything-but': AnythingBut }).strict(),
  z.object({ exists: z.boolean() }).strict(),
  z.object({ numeric: Numeric }).strict(),
])
export type PatternMatcher = z.infer<typeof PatternMatcher>

/**
 * A pattern object: each field maps to a leaf array of matchers or to a nested pattern; the
 * `$or` field maps to alternative patterns. Check untrusted input with {@link patternProblems}.
 */
export type EventPatternNode = {
  readonly [field: string]: readonly PatternMatcher[] | readonly EventPatternNode[] | EventPatternNode
}

type Json = unknown
type JsonObject = Record<string, unknown>

const isObject = (value: Json): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Every problem of a pattern's shape, as `path: message` (empty when valid): leaf arrays must be
 * non-empty and hold known matchers, `$or` must hold patterns, anything else must be an object.
 */
export const patternProblems = (input: unknown, path: readonly string[] = []): string[] => {
  const at = (key: string) => [...path, key].join('.')
  if (!isObject(input)) return [`${path.join('.') || '(root)'}: must be an object`]
  return Object.entries(input).flatMap(([key, spec]) => {
    if (key === '$or')
      return Array.isArray(spec) && spec.length >= 2
        ? spec.flatMap((alt, i) => patternProblems(alt, [...path, `$or[${i}]`]))
        : [`${at(key)}: must list at least two patterns`]
    if (isObject(spec)) return patternProblems(spec, [...path, key])
    if (!Array.isArray(spec) || spec.length === 0)
      return [`${at(key)}: must be an object or a non-empty array`]
    return spec.flatMap((matcher, i) =>
      PatternMatcher.safeParse(matcher).success
        ? []
        : [`${at(key)}[${i}]: unknown matcher ${JSON.stringify(matcher)}`],
    )
  })
}

/** A leaf is anything but a non-empty object: an object field is not a value to match (EventBridge). */
const isLeaf = (value: Json): boolean =>
  value !== undefined && !(isObject(value) && Object.keys(value).length > 0)

const startsWith = (value: Json, spec: z.infer<typeof TextOrIgnoreCase>): boolean =>
  typeof value === 'string' &&
  (typeof spec === 'string'
    ? value.startsWith(spec)
    : value.toLowerCase().startsWith(spec['equals-ignore-case'].toLowerCase()))

const endsWith = (value: Json, spec: z.infer<typeof TextOrIgnoreCase>): boolean =>
  typeof value === 'string' &&
  (typeof spec === 'string'
    ? value.endsWith(spec)
    : value.toLowerCase().endsWith(spec['equals-ignore-case'].toLowerCase()))

const compare = (op: NumericOp, a: number, b: number): boolean =>
  op === '<' ? a < b : op === '<=' ? a <= b : op === '=' ? a === b : op === '>=' ? a >= b : a > b

const numericMatches = (value: Json, spec: readonly (string | number)[]): boolean => {
  if (typeof value !== 'number') return false
  for (let i = 0; i + 1 < spec.length; i += 2)
    if (!compare(spec[i] as NumericOp, value, spec[i + 1] as number)) return false
  return true
}

const anythingBut = (value: Json, spec: z.infer<typeof AnythingBut>): boolean => {
  if (Array.isArray(spec)) return !(spec as readonly Json[]).includes(value)
  if (typeof spec !== 'object') return value !== spec
  if ('prefix' in spec) return !startsWith(value, spec.prefix)
  if ('suffix' in spec) return !endsWith(value, spec.suffix)
  return !(typeof value === 'string' && value.toLowerCase() === spec['equals-ignore-case'].toLowerCase())
}

/** Whether one value (never undefined, never an object) satisfies one matcher. */
const valueMatches = (matcher: PatternMatcher, value: Json): boolean => {
  if (matcher === null || typeof matcher !== 'object') return value === matcher
  if ('prefix' in matcher) return startsWith(value, matcher.prefix)
  if ('suffix' in matcher) return endsWith(value, matcher.suffix)
  if ('equals-ignore-case' in matcher)
    return typeof value === 'string' && value.toLowerCase() === matcher['equals-ignore-case'].toLowerCase()
  if ('anything-but' in matcher) return anythingBut(value, matcher['anything-but'])
  if ('numeric' in matcher) return numericMatches(value, matcher.numeric)
  return false
}

/** A leaf array matches when any matcher matches the value, or any element of an array value. */
const leafMatches = (matchers: readonly PatternMatcher[], field: Json): boolean => {
  const present = isLeaf(field)
  const values = !present ? [] : Array.isArray(field) ? field : [field]
  return matchers.some((matcher) =>
    isObject(matcher) && 'exists' in matcher
      ? matcher.exists === present
      : values.some((value) => !isObject(value) && valueMatches(matcher, value)),
  )
}

const nodeMatches = (pattern: EventPatternNode, value: Json): boolean =>
  Object.entries(pattern).every(([key, spec]) => {
    if (key === '$or') return (spec as readonly EventPatternNode[]).some((alt) => nodeMatches(alt, value))
    const field = isObject(value) ? (Object.hasOwn(value, key) ? value[key] : undefined) : undefined
    if (Array.isArray(spec)) return leafMatches(spec as readonly PatternMatcher[], field)
    const nested = spec as EventPatternNode
    // Arrays of objects: the nested pattern matches when one element matches it.
    if (Array.isArray(field) && field.some(isObject))
      return field.some((element) => isObject(element) && nodeMatches(nested, element))
    return nodeMatches(nested, field)
  })

/**
 * True when an EventBridge event (`source`, `detail-type`, `detail`, `replay-name`…) matches the
 * pattern, with EventBridge's semantics: every field of the pattern must match; a missing field
 * matches only `{ "exists": false }`.
 * @example matchesPattern({ source: ['chorus.api'] }, { source: 'chorus.api', detail: {} }) // true
 */
export const matchesPattern = (pattern: EventPatternNode, event: unknown): boolean =>
  nodeMatches(pattern, event)
