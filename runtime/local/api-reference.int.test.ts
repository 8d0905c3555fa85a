import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestChorus } from './testing.ts'

describe('the API reference, without credentials', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  beforeAll(async () => {
    chorus = await startTestChorus()
  })
  afterAll(() => chorus.close())
  const anonymous = (path: string) => fetch(`${chorus.url}${path}`)

  it('serves the OpenAPI document with its security schemes', async () => {
    const res = await anonymous('/openapi.json')
    expect(res.status).toBe(200)
    const document = (await res.json()) as {
      openapi: string
      components: { securitySchemes: Record<string, { type: string }> }
      paths: Record<string, Record<string, { security?: unknown[] }>>
    }
    expect(document.openapi).toMatch(/^3\.1/)
    expect(Object.keys(document.components.securitySchemes).length).toBeGreaterThan(0)
    expect(document.paths['/openapi.json']?.get?.security).toEqual([])
    expect(document.paths['/runs']?.get?.security).toBeUndefined()
  })

  it('serves the reference page and every file it loads from this server, none from a CDN', async () => {
    const res = await anonymous('/reference')
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8'])
    const page = await res.text()
    expect(page).toContain("url: '/openapi.json'")
    expect(page).toContain('npx chorus env')
    const loaded = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url as string)
    expect(loaded.sort()).toEqual([
      '/reference/swagger-ui-bundle.js',
      '/reference/swagger-ui-standalone-preset.js',
      '/reference/swagger-ui.css',
    ])
    for (const path of loaded) {
      const asset = await anonymous(path)
      expect(asset.status, path).toBe(200)
      expect(asset.headers.get('content-type'), path).toMatch(
        path.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      )
      expect((await asset.text()).length, path).toBeGreaterThan(1000)
    }
    const bundle = await (await anonymous('/reference/swagger-ui-bundle.js')).text()
    expect(bundle).toContain('SwaggerUIBundle')
  })

  it('serves no other file of the renderer, and still guards the API', async () => {
    expect((await anonymous('/reference/package.json')).status).toBe(404)
    expect((await anonymous('/reference/..%2F..%2Fpackage.json')).status).toBe(404)
    expect((await anonymous('/runs')).status).toBe(401)
  })
})
