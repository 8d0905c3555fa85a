import { describe, expect, it } from 'vitest'
import { validatePlan } from './validate-plan.ts'

const limits = { knownTeams: new Set(['researcher', 'writer']), maxSteps: 3 }
const step = (id: string, team: string, dependsOn: string[] = []) => ({
  id,
  team,
  instruction: `do ${id}`,
  dependsOn,
})
const answer = (steps: object[]) => JSON.stringify({ goal: 'g', steps })

describe('validatePlan', () => {
  it('accepts a valid plan, also inside a Markdown fence', () => {
    const text = answer([step('a', 'researcher'), step('b', 'writer', ['a'])])
    expect(validatePlan(text, limits).success).toBe(true)
    expect(validatePlan(`\`\`\`json\n${text}\n\`\`\``, limits).success).toBe(true)
  })

  it.each([
    ['malformed JSON', '{"goal": "g", "steps": [', /not valid JSON/],
    ['an unknown team', answer([step('a', 'astrologer')]), /steps\.0\.team: unknown team "astrologer"/],
    [
      'a duplicate id',
      answer([step('a', 'writer'), step('a', 'writer')]),
      /steps\.1\.id: duplicate step id "a"/,
    ],
    ['an unknown dependency', answer([step('a', 'writer', ['zzz'])]), /unknown step "zzz"/],
    ['a cycle', answer([step('a', 'writer', ['b']), step('b', 'writer', ['a'])]), /dependency cycle/],
    ['no steps', answer([]), /steps/],
    [
      'more steps than the budget',
      answer(['a', 'b', 'c', 'd'].map((id) => step(id, 'writer'))),
      /exceed the limit of 3/,
    ],
  ])('rejects %s with a readable reason', (_, text, reason) => {
    const result = validatePlan(text, limits)
    expect(result.success).toBe(false)
    if (!result.success) expect(result.problems.join('\n')).toMatch(reason)
  })

  it('reports a schema problem, a cycle and an unknown team of one answer in one round', () => {
    const text = JSON.stringify({
      steps: [step('a', 'astrologer', ['b']), step('b', 'writer', ['a'])],
    })

    const result = validatePlan(text, limits)

    expect(result.success).toBe(false)
    const problems = result.success ? [] : result.problems
    expect(problems).toEqual([
      expect.stringMatching(/^goal: /),
      'steps: dependency cycle: a -> b -> a',
      'steps.0.team: unknown team "astrologer" (known: researcher, writer)',
    ])
  })

  it('checks the graph and the registry of steps that are read despite a broken shape', () => {
    const text = JSON.stringify({
      goal: 'g',
      steps: [{ team: 'writer', instruction: 'no id' }, step('b', 'writer', ['a', 'b']), step('b', 'poet')],
    })

    const result = validatePlan(text, limits)

    const problems = result.success ? [] : result.problems
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^steps\.0\.id: /),
        'steps.1.dependsOn.0: unknown step "a"',
        'steps.1.dependsOn.1: step "b" depends on itself',
        'steps.2.id: duplicate step id "b"',
        'steps.2.team: unknown team "poet" (known: researcher, writer)',
      ]),
    )
    expect(problems.filter((p) => p.includes('depends on itself'))).toHaveLength(1)
  })
})
