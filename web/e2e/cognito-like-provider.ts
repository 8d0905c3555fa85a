import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair } from 'jose'
import Provider from 'oidc-provider'

/** A user of the provider, as a Cognito user pool keeps one: a password and the tenant as a custom attribute. */
export interface ProviderUser {
  username: string
  password: string
  email: string
  /** The `custom:tenant` claim of the user's ID tokens. */
  tenant: string
}

const html = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`

const htmlText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const loginPage = (uid: string, problem?: string) =>
  html(
    'Sign in',
    `<main><h1>Sign in</h1>${problem ? `<p role="alert">${htmlText(problem)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form></main>`,
  )

const readForm = async (req: IncomingMessage): Promise<URLSearchParams> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

const send = (res: ServerResponse, status: number, body: string) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(body)
}

/**
 * A real OpenID Connect provider (oidc-provider, OpenID Certified) shaped like a Cognito user pool with its
 * managed login, for the console's sign-in tests: Cognito's paths (`/oauth2/authorize`, `/oauth2/token`,
 * `/logout`, `/.well-known/jwks.json`), one public app client (authorization code only, no secret, PKCE S256
 * required), scopes `openid email`, ID tokens signed RS256 carrying `custom:tenant` and `email` for the client as
 * audience, CORS on the token endpoint for the client's own origin. Like the managed login it asks for a
 * username and password and no consent. The issuer is the provider's own origin (Cognito's is
 * `cognito-idp.<region>.amazonaws.com/<pool>`, a host apart from the domain: that split is not reproduced).
 *
 * Cognito's `/logout` takes `client_id` and `logout_uri`; OpenID Connect RP-initiated logout names the
 * latter `post_logout_redirect_uri`, so that one parameter is renamed on the way in. Like Cognito, the session
 * ends without asking (the logout page posts its own form).
 *
 * Listens on 127.0.0.1 at once (the issuer needs the port); {@link CognitoLikeProvider.register} then
 * registers the app client, whose redirect URI (the console's page) is known once Chorus runs.
 */
export const startCognitoLikeProvider = async ({ users }: { users: ProviderUser[] }) => {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clientId = `console${randomBytes(8).toString('hex')}`
  /** Every request the provider answered, `METHOD /path` (the tests read which endpoints the page called). */
  const requests: string[] = []
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`)
    if (!handler) return send(res, 503, html('Not ready', '<p>no client registered yet</p>'))
    handler(req, res)
  })

  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const signingKey = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256', use: 'sig' }

  const register = async ({ redirectUri }: { redirectUri: string }) => {
    const byName = new Map(users.map((user) => [user.username, { ...user, sub: randomUUID() as string }]))
    const bySub = new Map([...byName.values()].map((user) => [user.sub, user]))
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: clientId,
          token_endpoint_auth_method: 'none',
          application_type: 'web',
          grant_types: ['authorization_code'],
          response_types: ['code'],
          redirect_uris: [redirectUri],
          post_logout_redirect_uris: [redirectUri],
        },
      ],
      routes: {
        authorization: '/oauth2/authorize',
        token: '/oauth2/token',
        userinfo: '/oauth2/userInfo',
        jwks: '/.well-known/jwks.json',
        end_session: '/logout',
      },
      scopes: ['openid', 'email'],
      claims: { openid: ['sub', 'custom:tenant', 'cognito:username'], email: ['email', 'email_verified'] },
      // Cognito puts the user's attributes in the ID token itself, not only behind userInfo.
      conformIdTokenClaims: false,
      findAccount: async (_, sub) => {
        const user = bySub.get(sub)
        return (
          user && {
            accountId: sub,
            claims: async () => ({
              sub,
              'cognito:username': user.username,
              'custom:tenant': user.tenant,
              email: user.email,
              email_verified: true,
            }),
          }
        )
      },
      pkce: { required: () => true },
      interactions: { url: (_, interaction) => `/interaction/${interaction.uid}` },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx: { body: unknown }, form: string) => {
            // Cognito signs out without asking: the form posts itself with the answer "yes".
            ctx.body = html(
              'Signing out',
              `${form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>')}
<p>Signing out…</p><script>document.forms[0].submit()</script>`,
            )
          },
        },
      },
      clientBasedCORS: (_, origin, client) =>
        client.redirectUris.some((uri) => new URL(uri).origin === origin),
      cookies: { keys: [randomBytes(32).toString('hex')] },
      jwks: { keys: [signingKey] },
      ttl: {
        AuthorizationCode: 300,
        IdToken: 3600,
        AccessToken: 3600,
        Session: 3600,
        Interaction: 600,
        Grant: 3600,
      },
      renderError: async (ctx, out) => {
        ctx.type = 'html'
        ctx.body = html(
          'Sign-in error',
          `<main><h1>Sign-in error</h1><pre>${htmlText(JSON.stringify(out))}</pre></main>`,
        )
      },
    })
    const oidc = provider.callback()

    const interaction = async (req: IncomingMessage, res: ServerResponse, uid: string, action?: string) => {
      const details = await provider.interactionDetails(req, res)
      if (details.uid !== uid) return send(res, 400, html('Sign-in error', '<p>interaction mismatch</p>'))
      if (details.prompt.name === 'consent') {
        // The managed login asks no consent: the app client's scopes are granted as asked.
        const accountId = details.session?.accountId
        if (!accountId) return send(res, 400, html('Sign-in error', '<p>no session</p>'))
        const grant = new provider.Grant({ accountId, clientId })
        grant.addOIDCScope(String(details.params.scope ?? 'openid'))
        return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } })
      }
      if (action !== 'login' || req.method !== 'POST') return send(res, 200, loginPage(uid))
      const form = await readForm(req)
      const user = byName.get(form.get('username') ?? '')
      if (!user || user.password !== form.get('password'))
        return send(res, 200, loginPage(uid, 'Incorrect username or password.'))
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub } },
        { mergeWithLastSubmission: false },
      )
    }

    handler = (req, res) => {
      const url = new URL(req.url ?? '/', issuer)
      const match = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(url.pathname)
      if (match) {
        interaction(req, res, match[1] as string, match[2]).catch((error: unknown) =>
          send(res, 400, html('Sign-in error', `<p>${htmlText(String(error))}</p>`)),
        )
        return
      }
      if (url.pathname === '/logout' && url.searchParams.has('logout_uri')) {
        url.searchParams.set('post_logout_redirect_uri', url.searchParams.get('logout_uri') as string)
        url.searchParams.delete('logout_uri')
        req.url = `${url.pathname}${url.search}`
      }
      oidc(req, res)
    }
  }

  return {
    issuer,
    clientId,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    requests,
    register,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type CognitoLikeProvider = Awaited<ReturnType<typeof startCognitoLikeProvider>>
