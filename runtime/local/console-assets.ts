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

/** The console's sign-in through a Cognito domain (ADR 0034), as `/console/config.json` gives it to the page. */
export interface ConsoleSignIn {
  /** The domain of the managed login (`/oauth2/authorize`, `/oauth2/token`, `/logout`). */
  authority: string
  /** The public app client (no secret; authorization code with PKCE). */
  clientId: string
  /** The console's page, registered with the client; read on each request (the port is known once listening). */
  redirectUri: () => string
}

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

const serve = (
  event: APIGatewayProxyEvent,
  asset: Asset,
  cache: string,
  page: Record<string, string>,
): APIGatewayProxyResult => {
  const gzip = asset.gzip && /\bgzip\b/.test(event.headers['accept-encoding'] ?? '')
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.type,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
      ...(asset.type.startsWith('text/html') ? page : {}),
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    },
    body: (gzip && asset.gzip ? asset.gzip : asset.body).toString('base64'),
    isBase64Encoded: true,
  }
}

/**
 * How the console signs in here: the dev identity from this origin (ADR 0021), or the Cognito domain it was
 * given, in the shape the AWS deployment writes (ADR 0034).
 */
const signInConfig = (signIn: ConsoleSignIn | undefined): APIGatewayProxyResult => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' },
  body: JSON.stringify(
    signIn
      ? {
          auth: 'cognito',
          authority: signIn.authority,
          clientId: signIn.clientId,
          redirectUri: signIn.redirectUri(),
        }
      : { auth: 'dev' },
  ),
})

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
export const consoleAssetRoutes = ({
  dir,
  signIn,
}: {
  dir: string
  signIn?: ConsoleSignIn
}): LocalRoute[] => {
  // The policy shared with CloudFront's (runtime/console-headers.ts), naming the sign-in's origin when there is one.
  const page = consolePageHeaders(signIn ? new URL(signIn.authority).origin : undefined)
  let assets: Map<string, Asset> | undefined
  const files = () => {
    assets ??= loadAssets(dir)
    return assets
  }
  const index = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const html = files()?.get('index.html')
    if (!html)
      return { statusCode: 503, headers: { 'content-type': TYPES['.html'] as string }, body: NOT_BUILT }
    return serve(event, html, 'no-cache', page)
  }
  return [
    { method: 'GET', path: '/', public: true, handler: index },
    { method: 'GET', path: '/console', public: true, handler: index },
    // The page's own address on AWS too (the app client's callback and sign-out URL, ADR 0034).
    { method: 'GET', path: '/console/', public: true, handler: index },
    {
      method: 'GET',
      path: '/console/{path+}',
      public: true,
      handler: async (event) => {
        const path = event.pathParameters?.path ?? ''
        // How the console signs in here (on AWS the deployment writes a Cognito one, ADR 0034).
        if (path === 'config.json') return signInConfig(signIn)
        const asset = files()?.get(path)
        if (asset && path !== 'index.html')
          return serve(
            event,
            asset,
            path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
            page,
          )
        if (path.startsWith('assets/') || extname(path) !== '') return notFound(path)
        return index(event)
      },
    },
  ]
}
