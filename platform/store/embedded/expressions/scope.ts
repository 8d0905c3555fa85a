import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { validation } from '../errors.ts'
import { checkValue, type Item } from '../values.ts'
import type { Parsed, Path, PathElement } from './ast.ts'

/** A path with its aliases replaced by names: strings are attribute names, numbers list indexes. */
export type ResolvedPath = (string | number)[]

/**
 * The `ExpressionAttributeNames` and `ExpressionAttributeValues` of one request: resolves what the
 * expressions refer to and, once all are read, rejects undefined and unused entries as DynamoDB does.
 */
export class Scope {
  private readonly usedAliases = new Set<string>()
  private readonly usedValues = new Set<string>()
  private readonly values: Item = {}

  constructor(
    private readonly names: Record<string, string> | undefined,
    values: Item | undefined,
  ) {
    if (names && Object.keys(names).length === 0)
      throw validation('ExpressionAttributeNames must not be empty')
    if (values && Object.keys(values).length === 0)
      throw validation('ExpressionAttributeValues must not be empty')
    for (const [ref, value] of Object.entries(values ?? {})) {
      if (value === undefined) continue
      try {
        this.values[ref] = checkValue(value)
      } catch (error) {
        throw validation(
          `ExpressionAttributeValues contains invalid value: ${(error as Error).message} for key ${ref}`,
        )
      }
    }
  }

  /** Registers a parsed expression: every alias and value it names must be defined. */
  use<T>(parsed: Parsed<T>): T {
    for (const alias of parsed.aliases) {
      if (this.names?.[alias] === undefined)
        throw validation(
          `An expression attribute name used in the document path is not defined; attribute name: ${alias}`,
        )
      this.usedAliases.add(alias)
    }
    for (const ref of parsed.values) {
      if (this.values[ref] === undefined)
        throw validation(
          `An expression attribute value used in expression is not defined; attribute value: ${ref}`,
        )
      this.usedValues.add(ref)
    }
    return parsed.ast
  }

  /** Call after every expression of the request went through {@link use}. */
  finish(): void {
    const unusedNames = Object.keys(this.names ?? {}).filter((alias) => !this.usedAliases.has(alias))
    if (unusedNames.length > 0)
      throw validation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      )
    const unusedValues = Object.keys(this.values).filter((ref) => !this.usedValues.has(ref))
    if (unusedValues.length > 0)
      throw validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      )
  }

  value(ref: string): AttributeValue {
    return this.values[ref] as AttributeValue
  }

  element(element: PathElement): string | number {
    if ('index' in element) return element.index
    if ('alias' in element) return this.names?.[element.alias] as string
    return element.name
  }

  resolve(path: Path): ResolvedPath {
    return path.map((element) => this.element(element))
  }
}

/** The value at a path, or undefined when any step is missing or of the wrong kind. */
export const valueAt = (item: Item, path: ResolvedPath): AttributeValue | undefined => {
  let current: AttributeValue | undefined = { M: item }
  for (const step of path) {
    if (current === undefined) return undefined
    if (typeof step === 'number') current = current.L?.[step]
    else {
      const map: Item | undefined = current.M
      current = map && Object.hasOwn(map, step) ? map[step] : undefined
    }
  }
  return current
}

export const pathText = (path: ResolvedPath): string =>
  path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('')
