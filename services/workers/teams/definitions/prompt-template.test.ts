import { describe, expect, it } from 'vitest'
import { renderTemplate, templateProblems } from './prompt-template.ts'

describe('prompt templates', () => {
  it.each([
    ['plain text', 'Summarise the inputs.'],
    ['every known variable', 'You are {{team}}. Goal: {{goal}}. Task: {{ instruction }}. {{inputs}}'],
    ['braces that are not placeholders', 'Answer as {"a": {"b": 1}} or a set { x }'],
  ])('accepts %s', (_, template) => {
    expect(templateProblems(template)).toEqual([])
  })

  it.each([
    ['an unknown variable', 'Hello {{customer}}', ['unknown template variable "customer"']],
    ['an unclosed placeholder', 'Task: {{instruction', ['"{{" at character 7 does not open a placeholder']],
    ['an empty placeholder', 'Task: {{ }}', ['"{{" at character 7']],
    ['a placeholder with two words', 'Task: {{ the goal }}', ['"{{" at character 7']],
    [
      'several problems, each once',
      '{{a}} {{a}} {{goal} {{b}}',
      ['unknown template variable "a"', '"{{" at character 13', 'unknown template variable "b"'],
    ],
  ])('reports %s', (_, template, expected) => {
    const problems = templateProblems(template)
    expect(problems).toHaveLength(expected.length)
    expected.forEach((text, i) => {
      expect(problems[i]).toContain(text)
    })
  })

  it('fills each placeholder with its value', () => {
    const values = { goal: 'G', instruction: 'I', inputs: '(none)', team: 'T' }
    expect(renderTemplate('{{team}}: {{ goal }} / {{instruction}} / {{inputs}}', values)).toBe(
      'T: G / I / (none)',
    )
  })
})
