import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { LocalRoute } from './http-server.ts'

/** The renderer's files the page loads, with their media types (from the npm package `swagger-ui-dist`). */
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Chorus API reference</title>
  <link rel="stylesheet" href="/reference/swagger-ui.css">
  <style>
    body { margin: 0; font-family: sans-serif; }
    .chorus-auth { margin: 1em 2em 0; padding: 0.75em 1em; background: #f4f6f8; border-radius: 4px; }
    .chorus-auth code { background: #e3e7eb; padding: 0 0.25em; }
  </style>
</head>
<body>
  <div class="chorus-auth" id="how-to-authenticate">
    <strong>How to authenticate.</strong> Every operation but <code>/health</code> and <code>/openapi.json</code>
    needs a bearer token <em>and</em> an API key (<code>x-api-key</code>). Print yours with
    <code>npx chorus env</code>, then press <strong>Authorize</strong> and paste <code>CHORUS_TOKEN</code> into
    <em>bearer</em> and <code>CHORUS_API_KEY</code> into <em>apiKey</em>.
  </div>
  <div id="swagger-ui"></div>
  <script src="/reference/swagger-ui-bundle.js"></script>
  <script src="/reference/swagger-ui-standalone-preset.js"></script>
  <script>
    window.ui = SwaggerUIBundle({
      url: '/openapi.json',
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: 'BaseLayout',
      persistAuthorization: true,
    })
  </script>
</body>
</html>
`

const answer = (statusCode: number, contentType: string, body: string) => ({
  statusCode,
  headers: { 'content-type': contentType, 'cache-control': 'no-cache' },
  body,
})

/**
 * The interactive API reference at `/reference`: Swagger UI from `node_modules` (no CDN) rendering
 * `/openapi.json`, with a note on how to authenticate. Public, like the document it renders.
 */
export const apiReferenceRoutes = (): LocalRoute[] => {
  const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
  const cache = new Map<string, Promise<string>>()
  const asset = (name: string) => {
    const text = cache.get(name) ?? readFile(join(root, name), 'utf8')
    cache.set(name, text)
    return text
  }
  return [
    {
      method: 'GET',
      path: '/reference',
      public: true,
      handler: async () => answer(200, 'text/html; charset=utf-8', PAGE),
    },
    {
      method: 'GET',
      path: '/reference/{file}',
      public: true,
      handler: async (event) => {
        const name = event.pathParameters?.file ?? ''
        const type = ASSETS[name]
        if (!type) return answer(404, 'text/plain; charset=utf-8', `no such file: /reference/${name}`)
        return answer(200, type, await asset(name))
      },
    },
  ]
}
