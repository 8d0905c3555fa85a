import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, extname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { consolePageHeaders } from '../console-headers.ts'
import type { LocalRoute } from './http-server.ts'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

/** What the console's page may load and where it may connect: this server only (the policy CloudFront sends too). */
const PAGE_HEADERS = consolePageHeaders()

interface Asset {
  type: string
  body: Buffer
  /** The body gzipped, for text worth compressing. */
  gzip?: Buffer
}

/**
 * The console's built files (`dist/console`, written by `scripts/build.js`) found from this module: the
 * repository root is the first folder above it holding a package.json, from `runtime/local/` (tsx) as
 * from `dist/chunks/` (the build).
 */
export const defaultConsoleDir = () => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return join(dir, 'dist', 'console')
}

/** Every file of the build by its path under `dir` (`assets/index-abc.js`); undefined when there is no build. */
const loadAssets = (dir: string): Map<string, Asset> | undefined => {
  if (!existsSync(join(dir, 'index.html'))) return undefined
  const assets = new Map<string, Asset>()
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    const type = TYPES[extname(path)]
    if (!type) continue
    const body = readFileSync(path)
    const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024
    assets.set(relative(dir, path).split(sep).join('/'), {
      type,
      body,
      ...(compressible ? { gzip: gzipSync(body) } : {}),
    })
  }
  return assets
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chorus console not built</title></head>
<body><h1>The Chorus console is not built</h1>
<p>Run <code>npm run build</code> (or restart with <code>npm start</code>, which builds what is missing), then reload.
The API works meanwhile: see <a href="/reference">the API reference</a>.</p></body></html>
`

const serve = (event: APIGatewayProxyEvent, asset: Asset, cache: string): APIGatewayProxyResult => {
  const gzip = asset.gzip && /\bgzip\b/.test(event.headers['accept-encoding'] ?? '')
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.type,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
      ...(asset.type.startsWith('text/html') ? PAGE_HEADERS : {}),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: (gzip && asset.gzip ? asset.gzip : asset.body).toString('base64'),
    isBase64Encoded: true,
  }
}

/** The console's sign-in on the embedded runtime: the dev identity from this origin (ADR 0021). */
const LOCAL_CONFIG: APIGatewayProxyResult = {
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' },
  body: JSON.stringify({ auth: 'dev' }),
}

const notFound = (path: string): APIGatewayProxyResult => ({
  statusCode: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify({ error: { code: 'http.notFound', message: `no such file: /console/${path}` } }),
})

/**
 * The console (a single-page app) at `/` and under `/console/`: hashed files under `assets/` are cached for a
 * year (their names change with their content), the page itself is revalidated on every load, and any other
 * path under `/console/` is a route of the app, answered with its page. Files are read once, on first use.
 */
export const consoleAssetRoutes = ({ dir }: { dir: string }): LocalRoute[] => {
  let assets: Map<string, Asset> | undefined
  const files = () => {
    assets ??= loadAssets(dir)
    return assets
  }
  const page = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const index = files()?.get('index.html')
    if (!index)
      return { statusCode: 503, headers: { 'content-type': TYPES['.html'] as string }, body: NOT_BUILT }
    return serve(event, index, 'no-cache')
  }
  return [
    { method: 'GET', path: '/', public: true, handler: page },
    { method: 'GET', path: '/console', public: true, handler: page },
    {
      method: 'GET',
      path: '/console/{path+}',
      public: true,
      handler: async (event) => {
        const path = event.pathParameters?.path ?? ''
        // How the console signs in here: the dev identity (on AWS the deployment writes a Cognito one, ADR 0034).
        if (path === 'config.json') return LOCAL_CONFIG
        const asset = files()?.get(path)
        if (asset && path !== 'index.html')
          return serve(
            event,
            asset,
            path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          )
        if (path.startsWith('assets/') || extname(path) !== '') return notFound(path)
        return page(event)
      },
    },
  ]
}
