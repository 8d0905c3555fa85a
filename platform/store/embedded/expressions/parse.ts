import { validation } from '../errors.ts'
import type { Comparator, Condition, ConditionFunction, Operand, Parsed, Path, UpdateActions } from './ast.ts'
import { Cursor, type ExpressionKind, tokenize } from './tokens.ts'

const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>='])
const CONDITION_FUNCTIONS = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
])
const FUNCTION_ARITY: Record<string, number> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
  if_not_exists: 2,
  list_append: 2,
}

/** Collects the `#aliases` and `:values` while parsing. */
class Parser extends Cursor {
  readonly aliases = new Set<string>()
  readonly values = new Set<string>()

  path(): Path {
    const path: Path = [this.element()]
    for (;;) {
      if (this.accept('.')) path.push(this.element())
      else if (this.peek().text === '[' && this.peek().kind === 'symbol') {
        this.next()
        const index = this.next()
        if (index.kind !== 'number') throw this.error(index)
        this.expect(']')
        path.push({ index: Number(index.text) })
      } else return path
    }
  }

  private element() {
    const token = this.next()
    if (token.kind === 'alias') {
      this.aliases.add(token.text)
      return { alias: token.text }
    }
    if (token.kind === 'name' && /^[A-Za-z_]/.test(token.text)) return { name: token.text }
    throw this.error(token)
  }

  private isCall(name: string) {
    const token = this.peek()
    return token.kind === 'name' && token.text === name && this.peek(1).text === '('
  }

  private args(name: string, parse: () => Operand): Operand[] {
    this.expect('(')
    const args = [parse()]
    while (this.accept(',')) args.push(parse())
    this.expect(')')
    if (args.length !== FUNCTION_ARITY[name])
      throw validation(
        `Invalid ${this.kind}: Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      )
    return args
  }

  private requirePath(name: string, operand: Operand | undefined): Path {
    if (operand?.kind !== 'path')
      throw validation(
        `Invalid ${this.kind}: Operator or function requires a document path; operator or function: ${name}`,
      )
    return operand.path
  }

  /** A condition operand: a path, a `:value` or `size(path)`. */
  operand(): Operand {
    const token = this.peek()
    if (token.kind === 'value') {
      this.next()
      this.values.add(token.text)
      return { kind: 'value', ref: token.text }
    }
    if (this.isCall('size')) {
      this.next()
      return { kind: 'size', path: this.requirePath('size', this.args('size', () => this.operand())[0]) }
    }
    if (token.kind === 'name' && this.peek(1).text === '(' && token.text in FUNCTION_ARITY)
      throw validation(
        `Invalid ${this.kind}: The function is not allowed to be used this way in an expression; function: ${token.text}`,
      )
    return { kind: 'path', path: this.path() }
  }

  condition(): Condition {
    let left = this.conjunction()
    while (this.accept('OR')) left = { kind: 'or', left, right: this.conjunction() }
    return left
  }

  private conjunction(): Condition {
    let left = this.negation()
    while (this.accept('AND')) left = { kind: 'and', left, right: this.negation() }
    return left
  }

  private negation(): Condition {
    if (this.accept('NOT')) return { kind: 'not', operand: this.negation() }
    return this.primary()
  }

  private primary(): Condition {
    if (this.accept('(')) {
      const inner = this.condition()
      this.expect(')')
      return inner
    }
    const token = this.peek()
    if (token.kind === 'name' && CONDITION_FUNCTIONS.has(token.text) && this.peek(1).text === '(') {
      this.next()
      const name = token.text as ConditionFunction
      const args = this.args(name, () => this.operand())
      this.requirePath(name, args[0])
      return { kind: 'function', name, args }
    }
    const operand = this.operand()
    const next = this.peek()
    if (next.kind === 'symbol' && COMPARATORS.has(next.text)) {
      this.next()
      return { kind: 'compare', op: next.text as Comparator, left: operand, right: this.operand() }
    }
    if (this.accept('BETWEEN')) {
      const low = this.operand()
      this.expect('AND')
      return { kind: 'between', operand, low, high: this.operand() }
    }
    if (this.accept('IN')) {
      this.expect('(')
      const list = [this.operand()]
      while (this.accept(',')) list.push(this.operand())
      this.expect(')')
      if (list.length > 100)
        throw validation(
          `Invalid ${this.kind}: The IN operator is provided with too many operands; number of operands: ${list.length}`,
        )
      return { kind: 'in', operand, list }
    }
    throw this.error(next)
  }

  /** A SET value: an operand, or two joined by `+` or `-`. */
  setValue(): Operand {
    const left = this.setOperand()
    if (this.accept('+')) return { kind: 'arithmetic', op: '+', left, right: this.setOperand() }
    if (this.accept('-')) return { kind: 'arithmetic', op: '-', left, right: this.setOperand() }
    return left
  }

  private setOperand(): Operand {
    const token = this.peek()
    if (token.kind === 'value') {
      this.next()
      this.values.add(token.text)
      return { kind: 'value', ref: token.text }
    }
    if (this.isCall('if_not_exists')) {
      this.next()
      const [path, fallback] = this.args('if_not_exists', () => this.setOperand())
      return {
        kind: 'if_not_exists',
        path: this.requirePath('if_not_exists', path),
        fallback: fallback as Operand,
      }
    }
    if (this.isCall('list_append')) {
      this.next()
      const [first, second] = this.args('list_append', () => this.setOperand())
      return { kind: 'list_append', first: first as Operand, second: second as Operand }
    }
    if (token.kind === 'name' && this.peek(1).text === '(')
      throw validation(`Invalid UpdateExpression: Invalid function name; function: ${token.text}`)
    return { kind: 'path', path: this.path() }
  }

  private valueRef(): Operand {
    const token = this.next()
    if (token.kind !== 'value') throw this.error(token)
    this.values.add(token.text)
    return { kind: 'value', ref: token.text }
  }

  update(): UpdateActions {
    const actions: UpdateActions = { set: [], remove: [], add: [], delete: [] }
    const seen = new Set<string>()
    while (this.peek().kind !== 'end') {
      const clause = this.next()
      const name = clause.kind === 'name' ? clause.text.toUpperCase() : ''
      if (!['SET', 'REMOVE', 'ADD', 'DELETE'].includes(name)) throw this.error(clause)
      if (seen.has(name))
        throw validation(
          `Invalid UpdateExpression: The "${name}" section can only be used once in an update expression;`,
        )
      seen.add(name)
      do {
        if (name === 'SET') {
          const path = this.path()
          this.expect('=')
          actions.set.push({ path, value: this.setValue() })
        } else if (name === 'REMOVE') actions.remove.push(this.path())
        else {
          const path = this.path()
          const list = name === 'ADD' ? actions.add : actions.delete
          list.push({ path, value: this.valueRef() })
        }
      } while (this.accept(','))
    }
    if (seen.size === 0) throw this.error()
    return actions
  }

  projection(): Path[] {
    const paths = [this.path()]
    while (this.accept(',')) paths.push(this.path())
    return paths
  }
}

const parse = <T>(source: string, kind: ExpressionKind, rule: (parser: Parser) => T): Parsed<T> => {
  if (source.trim() === '') throw validation(`Invalid ${kind}: The expression can not be empty;`)
  const parser = new Parser(tokenize(source, kind), kind, source)
  const ast = rule(parser)
  parser.end()
  return { ast, aliases: parser.aliases, values: parser.values }
}

/** Parsed expressions by kind and text: the same few expressions come back on every request. */
const cache = new Map<string, Parsed<unknown>>()
const cached = <T>(source: string, kind: ExpressionKind, rule: (parser: Parser) => T): Parsed<T> => {
  const key = `${kind}\u0000${source}`
  const hit = cache.get(key)
  if (hit) return hit as Parsed<T>
  const parsed = parse(source, kind, rule)
  if (cache.size > 2000) cache.clear()
  cache.set(key, parsed)
  return parsed
}

export const parseCondition = (source: string, kind: ExpressionKind): Parsed<Condition> =>
  cached(source, kind, (p) => p.condition())
export const parseUpdate = (source: string): Parsed<UpdateActions> =>
  cached(source, 'UpdateExpression', (p) => p.update())
export const parseProjection = (source: string): Parsed<Path[]> =>
  cached(source, 'ProjectionExpression', (p) => p.projection())
