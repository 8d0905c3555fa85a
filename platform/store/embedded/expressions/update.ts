import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { addDecimal, formatDecimal, negateDecimal, parseDecimal } from '../decimal.ts'
import { validation } from '../errors.ts'
import { type Item, typeOf, valuesEqual } from '../values.ts'
import type { Operand, UpdateActions } from './ast.ts'
import { pathText, type ResolvedPath, type Scope, valueAt } from './scope.ts'

const invalidPath = () =>
  validation('The document path provided in the update expression is invalid for update')
const wrongType = () => validation('An operand in the update expression has an incorrect data type')

/** Returns `node` with `value` stored at `path[depth…]` (containers along the path are copied). */
const assign = (
  node: AttributeValue | undefined,
  path: ResolvedPath,
  depth: number,
  value: AttributeValue,
): AttributeValue => {
  const step = path[depth] as string | number
  const last = depth === path.length - 1
  if (typeof step === 'number') {
    if (node?.L === undefined) throw invalidPath()
    const list = node.L.slice()
    if (last) {
      if (step >= list.length) list.push(value)
      else list[step] = value
    } else {
      if (step >= list.length) throw invalidPath()
      list[step] = assign(list[step], path, depth + 1, value)
    }
    return { L: list }
  }
  if (node?.M === undefined) throw invalidPath()
  const map = { ...node.M }
  if (last) map[step] = value
  else {
    if (!Object.hasOwn(map, step)) throw invalidPath()
    map[step] = assign(map[step], path, depth + 1, value)
  }
  return { M: map }
}

/** Returns `node` without the value at `path[depth…]`; a missing path changes nothing. */
const remove = (
  node: AttributeValue | undefined,
  path: ResolvedPath,
  depth: number,
): AttributeValue | undefined => {
  const step = path[depth] as string | number
  const last = depth === path.length - 1
  if (typeof step === 'number') {
    if (node?.L === undefined || step >= node.L.length) return node
    const list = node.L.slice()
    if (last) list.splice(step, 1)
    else list[step] = remove(list[step], path, depth + 1) as AttributeValue
    return { L: list }
  }
  if (node?.M === undefined || !Object.hasOwn(node.M, step)) return node
  const map = { ...node.M }
  if (last) delete map[step]
  else map[step] = remove(map[step], path, depth + 1) as AttributeValue
  return { M: map }
}

const overlaps = (a: ResolvedPath, b: ResolvedPath) => a.every((step, i) => i >= b.length || b[i] === step)

export interface UpdateResult {
  item: Item
  /** The paths the update wrote (for UPDATED_OLD / UPDATED_NEW). */
  paths: ResolvedPath[]
}

/**
 * Applies SET, REMOVE, ADD and DELETE to an item as DynamoDB does: every operand reads the item as
 * it was before the update, paths may not overlap, key attributes may not change.
 */
export const applyUpdate = (
  original: Item,
  actions: UpdateActions,
  scope: Scope,
  keyNames: string[],
): UpdateResult => {
  const resolved = {
    set: actions.set.map((a) => ({ path: scope.resolve(a.path), value: a.value })),
    remove: actions.remove.map((p) => scope.resolve(p)),
    add: actions.add.map((a) => ({
      path: scope.resolve(a.path),
      value: scope.value((a.value as { ref: string }).ref),
    })),
    delete: actions.delete.map((a) => ({
      path: scope.resolve(a.path),
      value: scope.value((a.value as { ref: string }).ref),
    })),
  }
  const paths = [
    ...resolved.set.map((a) => a.path),
    ...resolved.remove,
    ...resolved.add.map((a) => a.path),
    ...resolved.delete.map((a) => a.path),
  ]
  for (const [i, path] of paths.entries()) {
    if (keyNames.includes(path[0] as string))
      throw validation(
        `One or more parameter values were invalid: Cannot update attribute ${path[0]}. This attribute is part of the key`,
      )
    for (const other of paths.slice(i + 1))
      if (overlaps(path, other))
        throw validation(
          `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${pathText(path)}], path two: [${pathText(other)}]`,
        )
  }

  const evaluate = (operand: Operand): AttributeValue => {
    switch (operand.kind) {
      case 'value':
        return scope.value(operand.ref)
      case 'path': {
        const value = valueAt(original, scope.resolve(operand.path))
        if (value === undefined)
          throw validation('The provided expression refers to an attribute that does not exist in the item')
        return value
      }
      case 'if_not_exists':
        return valueAt(original, scope.resolve(operand.path)) ?? evaluate(operand.fallback)
      case 'list_append': {
        const first = evaluate(operand.first)
        const second = evaluate(operand.second)
        if (first.L === undefined || second.L === undefined)
          throw validation(
            `Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: ${typeOf(first.L === undefined ? first : second)}`,
          )
        return { L: [...first.L, ...second.L] }
      }
      case 'arithmetic': {
        const left = evaluate(operand.left)
        const right = evaluate(operand.right)
        if (left.N === undefined || right.N === undefined) throw wrongType()
        const r = parseDecimal(right.N)
        return {
          N: formatDecimal(addDecimal(parseDecimal(left.N), operand.op === '+' ? r : negateDecimal(r))),
        }
      }
      default:
        throw validation('Invalid UpdateExpression: size is not allowed in an update expression')
    }
  }

  const values = resolved.set.map((a) => evaluate(a.value))
  let root: AttributeValue = { M: original }
  resolved.set.forEach((action, i) => {
    root = assign(root, action.path, 0, values[i] as AttributeValue)
  })
  // Removes from one list go from the highest index down, so each index means the original element.
  const removals = [...resolved.remove].sort((a, b) => {
    const x = a[a.length - 1]
    const y = b[b.length - 1]
    return typeof x === 'number' && typeof y === 'number' ? y - x : 0
  })
  for (const path of removals) root = remove(root, path, 0) as AttributeValue
  for (const { path, value } of resolved.add)
    root = assign(root, path, 0, added(valueAt(original, path), value))
  for (const { path, value } of resolved.delete) {
    const rest = deleted(valueAt(original, path), value)
    root = rest === undefined ? (remove(root, path, 0) as AttributeValue) : assign(root, path, 0, rest)
  }
  return { item: root.M as Item, paths }
}

const SETS = ['SS', 'NS', 'BS'] as const
type SetType = (typeof SETS)[number]

const membersOf = (value: AttributeValue, type: SetType): unknown[] =>
  (value as unknown as Record<string, unknown[]>)[type] ?? []
const setOf = (type: SetType, members: unknown[]) => ({ [type]: members }) as unknown as AttributeValue
const memberEqual = (type: SetType, a: unknown, b: unknown) =>
  valuesEqual(
    { [type[0] as string]: a } as unknown as AttributeValue,
    { [type[0] as string]: b } as unknown as AttributeValue,
  )

const added = (current: AttributeValue | undefined, value: AttributeValue): AttributeValue => {
  const type = typeOf(value)
  if (type !== 'N' && !SETS.includes(type as SetType))
    throw validation(
      `Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: ${type}`,
    )
  if (current === undefined) return value
  if (type === 'N') {
    if (current.N === undefined) throw wrongType()
    return { N: formatDecimal(addDecimal(parseDecimal(current.N), parseDecimal(value.N as string))) }
  }
  if (typeOf(current) !== type) throw wrongType()
  const members = [...membersOf(current, type as SetType)]
  for (const member of membersOf(value, type as SetType))
    if (!members.some((m) => memberEqual(type as SetType, m, member))) members.push(member)
  return setOf(type as SetType, members)
}

const deleted = (current: AttributeValue | undefined, value: AttributeValue): AttributeValue | undefined => {
  const type = typeOf(value)
  if (!SETS.includes(type as SetType))
    throw validation(
      `Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: ${type}`,
    )
  if (current === undefined) return undefined
  if (typeOf(current) !== type) throw wrongType()
  const drop = membersOf(value, type as SetType)
  const rest = membersOf(current, type as SetType).filter(
    (m) => !drop.some((d) => memberEqual(type as SetType, m, d)),
  )
  return rest.length === 0 ? undefined : setOf(type as SetType, rest)
}
