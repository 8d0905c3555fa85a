import { describe, expect, it } from 'vitest'
import { stagesFromContext } from './context.ts'
import { STAGES, stageConfig } from './stages.ts'

describe('stage config', () => {
  it('accepts every configured stage', () => {
    for (const name of Object.keys(STAGES)) expect(stageConfig(name).name).toBe(name)
  })

  it('marks prod, and only prod, as production data', () => {
    expect(stageConfig('prod').prod).toBe(true)
    expect(stageConfig('dev').prod).toBe(false)
  })

  it('refuses an override that is not a CIDR range, naming the field', () => {
    expect(() => stageConfig('dev', { allowedIpRanges: ['10.0.0.1'] })).toThrow(
      /allowedIpRanges\.0: must be a CIDR/,
    )
  })

  it('refuses an unknown stage, listing the known ones', () => {
    expect(() => stageConfig('qa')).toThrow(/unknown stage "qa": expected one of dev, prod/)
  })

  it('synthesizes one stage with -c stage=…, every stage otherwise, with command-line overrides', () => {
    const context = (values: Record<string, string>) => (key: string) => values[key]
    expect(stagesFromContext(context({})).map((s) => s.name)).toEqual(Object.keys(STAGES))
    const [dev] = stagesFromContext(
      context({
        stage: 'dev',
        allowedIpRanges: '192.0.2.0/24, 2001:db8::/32',
        alarmEmail: 'ops@example.org',
      }),
    )
    expect(dev).toMatchObject({
      name: 'dev',
      allowedIpRanges: ['192.0.2.0/24', '2001:db8::/32'],
      alarmEmail: 'ops@example.org',
    })
  })
})
