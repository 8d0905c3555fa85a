import { describe, expect, it } from 'vitest'
import type { Item } from '../values.ts'
import { Evaluator } from './evaluate.ts'
import { parseCondition, parseProjection, parseUpdate } from './parse.ts'
import { project } from './project.ts'
import { Scope } from './scope.ts'
import { applyUpdate } from './update.ts'

const item: Item = {
  PK: { S: 'p' },
  n: { N: '5' },
  s: { S: 'hello' },
  l: { L: [{ S: 'a' }, { N: '2' }] },
  m: { M: { deep: { M: { x: { N: '1' } } } } },
  ss: { SS: ['x', 'y'] },
}

const holds = (expression: string, values: Item = {}, names?: Record<string, string>) => {
  const scope = new Scope(names, Object.keys(values).length > 0 ? values : undefined)
  const condition = scope.use(parseCondition(expression, 'ConditionExpression'))
  scope.finish()
  return new Evaluator(scope, 'ConditionExpression').test(condition, item)
}

const update = (expression: string, values?: Item, names?: Record<string, string>) => {
  const scope = new Scope(names, values)
  const actions = scope.use(parseUpdate(expression))
  scope.finish()
  return applyUpdate(item, actions, scope, ['PK'])
}

const rejects = (work: () => unknown, message: RegExp) => {
  let error: unknown
  try {
    work()
  } catch (e) {
    error = e
  }
  expect((error as Error | undefined)?.name).toBe('ValidationException')
  expect((error as Error).message).toMatch(message)
}

describe('condition expressions', () => {
  it('binds NOT tighter than AND and AND tighter than OR', () => {
    expect(
      holds('n = :five OR n = :one AND s = :no', {
        ':five': { N: '5' },
        ':one': { N: '1' },
        ':no': { S: 'x' },
      }),
    ).toBe(true)
    expect(
      holds('(n = :five OR n = :one) AND s = :no', {
        ':five': { N: '5' },
        ':one': { N: '1' },
        ':no': { S: 'x' },
      }),
    ).toBe(false)
    expect(holds('NOT n = :one AND s = :s', { ':one': { N: '1' }, ':s': { S: 'hello' } })).toBe(true)
  })

  it('reads nested paths, list elements and aliases; compares numbers numerically', () => {
    expect(
      holds('m.deep.#x = :one AND l[1] = :two', { ':one': { N: '1.0' }, ':two': { N: '2' } }, { '#x': 'x' }),
    ).toBe(true)
    expect(holds('n > :big', { ':big': { N: '10' } })).toBe(false)
    expect(holds('n BETWEEN :a AND :b', { ':a': { N: '-1e1' }, ':b': { N: '5.00' } })).toBe(true)
  })

  it('treats a missing attribute as unequal to anything and unordered', () => {
    expect(holds('missing <> :v', { ':v': { N: '1' } })).toBe(true)
    expect(holds('missing < :v OR missing >= :v', { ':v': { N: '1' } })).toBe(false)
    expect(holds('n = :s', { ':s': { S: '5' } })).toBe(false)
  })

  it('knows the functions and size()', () => {
    const v = { ':p': { S: 'he' }, ':x': { S: 'x' }, ':a': { S: 'a' }, ':t': { S: 'SS' }, ':two': { N: '2' } }
    expect(
      holds(
        'begins_with(s, :p) AND contains(ss, :x) AND contains(l, :a) AND attribute_type(ss, :t) AND size(l) = :two',
        v,
      ),
    ).toBe(true)
    expect(holds('n IN (:one, :five)', { ':one': { N: '1' }, ':five': { N: '5' } })).toBe(true)
    expect(holds('attribute_exists(m.deep.x) AND attribute_not_exists(m.deep.y)')).toBe(true)
  })

  it('rejects syntax errors, unknown functions, misplaced functions and wrong operand types', () => {
    rejects(() => holds('n = = :v', { ':v': { N: '1' } }), /Syntax error/)
    rejects(() => holds('(n = :v', { ':v': { N: '1' } }), /Syntax error/)
    rejects(() => holds('n BETWEEN :v', { ':v': { N: '1' } }), /Syntax error/)
    rejects(() => holds('foo(n)'), /Syntax error/)
    rejects(() => holds('size(l)'), /Syntax error/)
    rejects(() => holds('n < :b', { ':b': { BOOL: true } }), /Incorrect operand type/)
    rejects(() => holds('begins_with(s, :n)', { ':n': { N: '1' } }), /Incorrect operand type/)
    rejects(() => holds('n BETWEEN :b AND :a', { ':a': { N: '1' }, ':b': { N: '2' } }), /upper bound/)
    rejects(() => holds('attribute_type(n, :t)', { ':t': { S: 'STRING' } }), /Invalid attribute type name/)
  })

  it('rejects undefined and unused names and values', () => {
    rejects(
      () => holds('#a = :v', { ':v': { N: '1' } }),
      /attribute name used in the document path is not defined/,
    )
    rejects(
      () => holds('n = :nope', { ':v': { N: '1' } }),
      /attribute value used in expression is not defined/,
    )
    rejects(
      () => holds('n = :v', { ':v': { N: '1' }, ':w': { N: '1' } }),
      /unused in expressions: keys: \{:w\}/,
    )
    rejects(() => holds('n = :v', { ':v': { N: '1' } }, { '#z': 'z' }), /unused in expressions: keys: \{#z\}/)
    rejects(() => holds('n = :v', { ':v': { NS: [] } }), /may not be empty/)
  })
})

describe('update expressions', () => {
  it('reads every operand from the item before the update', () => {
    const { item: next } = update('SET n = :one, copy = n', { ':one': { N: '1' } })
    expect([next.n, next.copy]).toEqual([{ N: '1' }, { N: '5' }])
  })

  it('does arithmetic, if_not_exists, list_append, nested SET and index REMOVE', () => {
    const { item: next } = update(
      'SET n = n + :half, c = if_not_exists(c, :zero) - :half, l = list_append(:pre, l), m.deep.y = :zero REMOVE ss',
      { ':half': { N: '0.5' }, ':zero': { N: '0' }, ':pre': { L: [{ NULL: true }] } },
    )
    expect(next.n).toEqual({ N: '5.5' })
    expect(next.c).toEqual({ N: '-0.5' })
    expect(next.l?.L).toHaveLength(3)
    expect(next.m?.M?.deep?.M?.y).toEqual({ N: '0' })
    expect(next.ss).toBeUndefined()
    expect(item.n).toEqual({ N: '5' }) // the stored item is not touched
    const { item: shorter } = update('REMOVE l[0]')
    expect(shorter.l).toEqual({ L: [{ N: '2' }] })
  })

  it('adds to numbers and sets and deletes from sets, dropping an emptied set', () => {
    const { item: next } = update('ADD n :two, ss :z, fresh :two DELETE ss2 :x', {
      ':two': { N: '2' },
      ':z': { SS: ['z', 'x'] },
      ':x': { SS: ['x'] },
    })
    expect(next.n).toEqual({ N: '7' })
    expect(new Set(next.ss?.SS)).toEqual(new Set(['x', 'y', 'z']))
    expect(next.fresh).toEqual({ N: '2' })
    const { item: emptied } = update('DELETE ss :xy', { ':xy': { SS: ['x', 'y'] } })
    expect(emptied.ss).toBeUndefined()
  })

  it('rejects overlapping paths, key changes, missing operands, wrong types and missing parents', () => {
    rejects(() => update('SET m.deep = :v, m.deep.x = :v', { ':v': { N: '1' } }), /overlap/)
    rejects(() => update('SET PK = :v', { ':v': { S: 'q' } }), /part of the key/)
    rejects(() => update('SET a = nothing + :v', { ':v': { N: '1' } }), /does not exist in the item/)
    rejects(() => update('SET s = s + :v', { ':v': { N: '1' } }), /incorrect data type/)
    rejects(() => update('SET no.where = :v', { ':v': { N: '1' } }), /invalid for update/)
    rejects(() => update('ADD s :v', { ':v': { S: 'x' } }), /Incorrect operand type/)
    rejects(() => update('SET a = :v SET b = :v', { ':v': { N: '1' } }), /only be used once/)
  })
})

describe('projections', () => {
  it('keeps the named attributes, nested members and list elements', () => {
    const scope = new Scope(undefined, undefined)
    const paths = scope.use(parseProjection('s, m.deep.x, l[1]')).map((p) => scope.resolve(p))
    expect(project(item, paths)).toEqual({
      s: { S: 'hello' },
      m: { M: { deep: { M: { x: { N: '1' } } } } },
      l: { L: [{ N: '2' }] },
    })
  })
})
