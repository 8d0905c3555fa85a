import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import type { Item } from '../values.ts'
import type { ResolvedPath } from './scope.ts'

/** Copies the value at `path` from `source` into `target` (both map or list values), creating parents. */
const copyInto = (
  target: AttributeValue,
  source: AttributeValue,
  path: ResolvedPath,
  depth: number,
): void => {
  const step = path[depth] as string | number
  const last = depth === path.length - 1
  if (typeof step === 'number') {
    const value = source.L?.[step]
    if (value === undefined || target.L === undefined) return
    // Projected list elements keep their order and close up gaps, as DynamoDB returns them.
    const slots = target.L as (AttributeValue & { $index?: number })[]
    let slot = slots.find((v) => v.$index === step)
    if (!slot) {
      slot = last ? { ...value, $index: step } : { ...(value.L ? { L: [] } : { M: {} }), $index: step }
      slots.push(slot)
      slots.sort((a, b) => (a.$index ?? 0) - (b.$index ?? 0))
    }
    if (!last) copyInto(slot, value, path, depth + 1)
    return
  }
  const map = source.M
  if (!map || !Object.hasOwn(map, step) || target.M === undefined) return
  const value = map[step] as AttributeValue
  if (last) {
    target.M[step] = value
    return
  }
  const existing = target.M[step] ?? (value.L ? { L: [] } : value.M ? { M: {} } : undefined)
  if (!existing) return
  target.M[step] = existing
  copyInto(existing, value, path, depth + 1)
}

const stripIndexes = (value: AttributeValue): AttributeValue => {
  if (value.L)
    return {
      L: value.L.map(({ $index: _, ...rest }: AttributeValue & { $index?: number }) =>
        stripIndexes(rest as AttributeValue),
      ),
    }
  if (value.M) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, stripIndexes(v)])) }
  return value
}

/** The parts of an item named by the paths (ProjectionExpression, UPDATED_OLD/NEW). */
export const project = (item: Item, paths: ResolvedPath[]): Item => {
  if (paths.every((p) => p.length === 1)) {
    const projected: Item = {}
    for (const [name] of paths as [string][])
      if (Object.hasOwn(item, name)) projected[name] = item[name] as AttributeValue
    return projected
  }
  const root: AttributeValue = { M: {} }
  for (const path of paths) copyInto(root, { M: item }, path, 0)
  return (stripIndexes(root).M ?? {}) as Item
}
