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
})
