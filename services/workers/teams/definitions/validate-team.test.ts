import { describe, expect, it } from 'vitest'
import type { TeamKnowledge } from './check-team.ts'
import { validateTeam } from './validate-team.ts'

/** A tenant with two tools, one stored prompt and one loadable module. */
const known: TeamKnowledge = {
  hasTool: (name) => ['file.read', 'shop.products'].includes(name),
  promptText: async (name, version) =>
    name === 'team.digest' && (version ?? 1) === 1 ? 'Digest {{inputs}}' : undefined,
  checkModule: async (module) =>
    module === 'ok.ts' ? undefined : `module ${module} is not in the allowlisted module directories`,
}
const llm = { name: 'writer', description: 'Writes.', shape: 'llm', prompt: 'Write {{goal}}' }

describe('validateTeam', () => {
  it('returns the parsed team, defaults filled, when nothing is wrong', async () => {
    expect(await validateTeam(llm, known)).toEqual({ success: true, data: { ...llm, tools: [] } })
    expect(await validateTeam({ ...llm, prompt: { prompt: 'team.digest' } }, known)).toMatchObject({
      success: true,
    })
    expect(
      await validateTeam({ name: 'c', description: 'd', shape: 'custom', module: 'ok.ts' }, known),
    ).toMatchObject({ success: true, data: { export: 'createGraph' } })
  })

  it('lists schema problems and check problems together, each with its path', async () => {
    const result = await validateTeam(
      { ...llm, name: 'Bad Name', shape: 'agent', tools: ['file.read', 'teleport'], prompt: 'Hi {{who}}' },
      known,
    )
    expect(result).toEqual({
      success: false,
      problems: [
        { path: 'name', message: expect.stringContaining('slug') },
        { path: 'tools.1', message: 'unknown tool "teleport"' },
        { path: 'prompt', message: expect.stringContaining('unknown template variable "who"') },
      ],
    })
  })

  it('still checks the fields it can read when the shape itself is wrong', async () => {
    const result = await validateTeam({ ...llm, shape: 'committee', tools: ['teleport'] }, known)
    expect(result.success).toBe(false)
    if (!result.success) expect(result.problems.map((p) => p.path)).toEqual(['shape', 'tools.0'])
  })

  it('names the module problem of a custom team and a missing stored prompt version', async () => {
    const custom = await validateTeam({ name: 'c', description: 'd', shape: 'custom', module: 'x.ts' }, known)
    expect(custom).toEqual({
      success: false,
      problems: [{ path: 'module', message: 'module x.ts is not in the allowlisted module directories' }],
    })
    const version = await validateTeam({ ...llm, prompt: { prompt: 'team.digest', version: 2 } }, known)
    expect(version).toEqual({
      success: false,
      problems: [{ path: 'prompt.prompt', message: 'prompt "team.digest" version 2 does not exist' }],
    })
  })

  it('answers a body that is not an object with one problem for the whole', async () => {
    const result = await validateTeam([1, 2], known)
    expect(result).toMatchObject({ success: false, problems: [{ path: '' }] })
  })
})
