import { describe, expect, it } from 'vitest'
import { banner } from './banner.ts'
import { loadConfig } from './config.ts'

const input = (fresh: boolean) => ({
  url: 'http://127.0.0.1:3000',
  config: loadConfig({ CHORUS_DATA_DIR: '/tmp/chorus-banner', CHORUS_TENANT: 'acme' }),
  modelLabel: 'offline',
  seededTeams: [],
  auth: {
    credentials: { token: 'tok-1', apiKey: 'key-1' },
    credentialsFile: '/tmp/chorus-banner/auth/credentials.json',
    fresh: { token: fresh, apiKey: fresh },
    tenants: ['acme'],
  },
})

describe('the start banner', () => {
  it('says on a later start where the credentials are and how to print them, without printing them', () => {
    const text = banner(input(false))
    expect(text).toContain('Dev credentials of tenant acme: /tmp/chorus-banner/auth/credentials.json')
    expect(text).toContain('npx chorus env')
    expect(text).toContain('Console: http://127.0.0.1:3000/ (Sign in with the dev identity')
    expect(text).not.toContain('tok-1')
  })

  it('prints new credentials as exports once, and still says how to print them again', () => {
    const text = banner(input(true))
    expect(text).toContain('New dev credentials (shown once) of tenant acme')
    expect(text).toContain('export CHORUS_URL=http://127.0.0.1:3000')
    expect(text).toContain('export CHORUS_TOKEN=tok-1')
    expect(text).toContain('export CHORUS_API_KEY=key-1')
    expect(text).toContain('npx chorus env')
  })
})
