import { describe, expect, it } from 'vitest'
import { isChorusError } from '../errors/index.ts'
import { loadConfig } from './config.ts'

describe('loadConfig', () => {
  it('applies defaults and resolves the data directory against the working directory', () => {
    const config = loadConfig({}, '/srv/app')
    expect(config.dataDir).toBe('/srv/app/.chorus/data')
    expect(config.port).toBe(3000)
    expect(config.syncBudgetMs).toBe(25_000)
    expect(config.tenantId).toBe('local')
  })

  it('names every invalid variable in one error', () => {
    const act = () => loadConfig({ CHORUS_PORT: 'abc', CHORUS_TABLE_NAME: 'x' }, '/')
    expect(act).toThrowError(/CHORUS_PORT.*CHORUS_TABLE_NAME/)
    try {
      act()
    } catch (error) {
      expect(isChorusError(error) && error.code).toBe('config.invalid')
    }
  })
})
