/** A document path element as written: a bare name, an `#alias`, or a list index. */
export type PathElement = { name: string } | { alias: string } | { index: number }
export type Path = PathElement[]

export type Operand =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; ref: string }
  | { kind: 'size'; path: Path }
  /** Only in SET: */
  | { kind: 'if_not_exists'; path: Path; fallback: Operand }
  | { kind: 'list_append'; first: Operand; second: Operand }
  | { kind: 'arithmetic'; op: '+' | '-'; left: Operand; right: Operand }

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>='
export type ConditionFunction =
  | 'attribute_exists'
  | 'attribute_not_exists'
  | 'attribute_type'
  | 'begins_with'
  | 'contains'

export type Condition =
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'function'; name: ConditionFunction; args: Operand[] }
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }

export interface UpdateActions {
  set: { path: Path; value: Operand }[]
  remove: Path[]
  add: { path: Path; value: Operand }[]
  delete: { path: Path; value: Operand }[]
}

/** A parsed expression with the `#aliases` and `:values` it refers to (checked against the request). */
export interface Parsed<T> {
  ast: T
  aliases: Set<string>
  values: Set<string>
}
