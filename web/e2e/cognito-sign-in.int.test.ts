import { createHash } from 'node:crypto'
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda'
import { decodeJwt } from 'jose'
import type { Browser, BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeAuthorizer, makeJwtVerifier } from '#platform/auth/index.ts'
import { silentLogger } from '#platform/log/index.ts'
import { makeApiKeyStore } from '#platform/store/index.ts'
import { loadAuthorizerConfig, makeRequestAuthorizer } from '../../runtime/aws/request-authorizer.ts'
import { authHeaders, http } from '../../runtime/local/testing.ts'
import { type CognitoLikeProvider, startCognitoLikeProvider } from './cognito-like-provider.ts'
import { DEMO_ANSWER, launchChromium, startDemoChorus } from './fixtures.ts'

// Sized for a loaded 2-core machine: a run goes through four queues per step.
const RUN_MS = 90_000

const USER = {
  username: 'ada',
  password: 'correct horse battery staple',
  email: 'ada@acme.example',
  tenant: 'acme',
}

/** The session the console keeps for this tab (`web/src/api/session.ts`). */
const storedSession = (page: Page) =>
  page.evaluate(`JSON.parse(sessionStorage.getItem('chorus.console.session') ?? 'null')`) as Promise<{
    tenantId: string
    token: string
    apiKey: string
    via: string
  } | null>

/** The REQUEST event API Gateway sends the Lambda authorizer: the fields it reads (ARN, headers, source). */
const authorizerEvent = (headers: Record<string, string>) =>
  ({
    type: 'REQUEST',
    methodArn: 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/v1/GET/runs',
    headers,
    requestContext: { identity: { sourceIp: '203.0.113.7' } },
  }) as unknown as APIGatewayRequestAuthorizerEvent

describe('the console signs in through a real OpenID Connect provider shaped like Cognito (code + PKCE)', () => {
  let provider: CognitoLikeProvider
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const keys = { acme: '', globex: '' }
  /** What the page sent the provider: the authorize navigation and the token request. */
  const sent: Request[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    browser = await launchChromium()
    provider = await startCognitoLikeProvider({ users: [USER] })
    demo = await startDemoChorus({
      // The user's tenant is the one the server seeds its teams for.
      CHORUS_TENANT: USER.tenant,
      CHORUS_AUTH_ISSUER: provider.issuer,
      CHORUS_AUTH_JWKS_URL: provider.jwksUrl,
      CHORUS_AUTH_AUDIENCE: provider.clientId,
      CHORUS_CONSOLE_AUTH_DOMAIN: provider.issuer,
      CHORUS_CONSOLE_CLIENT_ID: provider.clientId,
    })
    await provider.register({ redirectUri: `${demo.chorus.url}/console/` })
    keys.acme = (await demo.chorus.auth.issueApiKey(USER.tenant)).key
    keys.globex = (await demo.chorus.auth.issueApiKey('globex')).key
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    page = await context.newPage()
    page.setDefaultTimeout(RUN_MS / 3)
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('request', (request) => {
      if (request.url().startsWith(`${provider.issuer}/oauth2/`)) sent.push(request)
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
    await provider?.close()
  })

  it('answers the console a Cognito config naming the provider, and lets the page reach its token endpoint', async () => {
    const config = await http(demo.chorus.url, 'GET', '/console/config.json', undefined, {
      authorization: '',
      'x-api-key': '',
    })
    expect(config.json).toEqual({
      auth: 'cognito',
      authority: provider.issuer,
      clientId: provider.clientId,
      redirectUri: `${demo.chorus.url}/console/`,
    })
    const index = await fetch(`${demo.chorus.url}/console/`)
    expect(index.headers.get('content-security-policy')).toContain(`connect-src 'self' ${provider.issuer};`)
    // The dev hand-off is off: the tokens come from the provider.
    expect((await fetch(`${demo.chorus.url}/console/session`, { method: 'POST' })).status).toBe(404)
  })

  it("signs in: the managed login, the code traded with the PKCE verifier, the tenant's API key, the tenant shown", {
    timeout: RUN_MS,
  }, async () => {
    await page.goto(demo.chorus.url)
    await page.getByRole('button', { name: 'Sign in with Cognito' }).click()

    await page.waitForURL(`${provider.issuer}/interaction/**`)
    await page.getByLabel('Username').fill(USER.username)
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').filter({ hasText: 'Incorrect username or password.' }).waitFor()
    await page.getByLabel('Username').fill(USER.username)
    await page.getByLabel('Password').fill(USER.password)
    await page.getByRole('button', { name: 'Sign in' }).click()

    await page.getByText(`Signed in as tenant ${USER.tenant}.`).waitFor()
    expect(new URL(page.url()).search).toBe('') // the code and state are gone from the address

    // What went over the wire: a code asked for with an S256 challenge, traded with its verifier and no secret.
    const authorize = new URL(sent.find((r) => r.url().includes('/oauth2/authorize'))?.url() ?? 'http://none')
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: provider.clientId,
      redirect_uri: `${demo.chorus.url}/console/`,
      scope: 'openid email',
      code_challenge_method: 'S256',
    })
    const token = sent.filter((r) => r.url() === `${provider.issuer}/oauth2/token`)
    expect(token.map((r) => r.method())).toEqual(['POST'])
    const form = new URLSearchParams(token[0]?.postData() ?? '')
    expect([...form.keys()].sort()).toEqual([
      'client_id',
      'code',
      'code_verifier',
      'grant_type',
      'redirect_uri',
    ])
    const verifier = form.get('code_verifier') ?? ''
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(
      authorize.searchParams.get('code_challenge'),
    )

    // Another tenant's key is refused with this token; the tenant's own opens the console.
    const cognito = page.getByRole('region', { name: 'Sign in', exact: true })
    await cognito.getByLabel('API key').fill(keys.globex)
    await cognito.getByRole('button', { name: 'Open the console' }).click()
    await page.getByRole('alert').filter({ hasText: 'the API refused this key (403)' }).waitFor()
    await cognito.getByLabel('API key').fill(keys.acme)
    await cognito.getByRole('button', { name: 'Open the console' }).click()

    await expect.poll(() => page.getByTestId('tenant').textContent()).toBe(`tenant ${USER.tenant}`)
    const session = await storedSession(page)
    expect(session).toMatchObject({ tenantId: USER.tenant, apiKey: keys.acme, via: 'cognito' })
    expect(decodeJwt(session?.token ?? '')).toMatchObject({
      iss: provider.issuer,
      aud: provider.clientId,
      'custom:tenant': USER.tenant,
      email: USER.email,
      'cognito:username': USER.username,
    })
  })

  it('sends a message with the ID token and sees the answer', { timeout: RUN_MS }, async () => {
    await page.getByRole('textbox', { name: 'Message' }).fill('Why are there tides?')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.locator('.message[data-role="assistant"]').filter({ hasText: DEMO_ANSWER }).waitFor()
  })

  it("lists the tenant's runs through the API with the ID token; the AWS authorizer admits it for the same tenant", async () => {
    const session = await storedSession(page)
    const credentials = { token: session?.token ?? '', apiKey: keys.acme }
    const runs = await http(demo.chorus.url, 'GET', '/runs', undefined, authHeaders(credentials))
    expect(runs.status).toBe(200)
    const listed = (runs.json as { runs: { status: string }[] }).runs
    expect(listed.map((run) => run.status)).toEqual(['completed'])

    // The Lambda authorizer of the AWS API, configured as the stack does (issuer, the JWKS beside it, both
    // app clients as audiences), over the same API keys: the same tenant from the same claim.
    const config = loadAuthorizerConfig({
      CHORUS_TABLE_NAME: 'chorus',
      CHORUS_AUTH_ISSUER: provider.issuer,
      CHORUS_AUTH_AUDIENCE: `3n4b5urk1ft4fl3mg5e62ad2vv,${provider.clientId}`,
    })
    expect(config.jwksUrl).toBe(provider.jwksUrl)
    const authorize = makeRequestAuthorizer({
      authorize: makeAuthorizer({
        verifyToken: makeJwtVerifier({
          issuer: config.issuer,
          jwks: { url: config.jwksUrl },
          tenantClaim: config.tenantClaim,
          ...(config.audience ? { audience: config.audience } : {}),
        }),
        apiKeys: makeApiKeyStore(demo.chorus.table),
      }),
      logger: silentLogger,
    })
    const allowed = await authorize(
      authorizerEvent({ Authorization: `Bearer ${credentials.token}`, 'X-Api-Key': keys.acme }),
    )
    expect(allowed.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' })
    expect(allowed.context).toMatchObject({ tenantId: USER.tenant })
    const foreign = await authorize(
      authorizerEvent({ Authorization: `Bearer ${credentials.token}`, 'X-Api-Key': keys.globex }),
    )
    expect(foreign.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' })
  })

  it("signs out: the console's session and the provider's (its /logout), back at the sign-in", {
    timeout: RUN_MS,
  }, async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    // Through the provider's /logout and back to the console's page (which then shows its first section).
    await page.waitForURL((url) => url.origin === demo.chorus.url && url.pathname.startsWith('/console/'))
    await page.getByRole('button', { name: 'Sign in with Cognito' }).waitFor()
    expect(provider.requests).toContain('GET /logout')
    expect(await storedSession(page)).toBeNull()

    // The provider's session ended too: signing in again asks for the password again.
    await page.getByRole('button', { name: 'Sign in with Cognito' }).click()
    await page.waitForURL(`${provider.issuer}/interaction/**`)
    await page.getByLabel('Password').waitFor()
    expect(pageErrors).toEqual([])
  })

  it("refuses an answer whose state is not this tab's, and trades no code", { timeout: RUN_MS }, async () => {
    const other = await browser.newContext()
    try {
      const tab = await other.newPage()
      tab.setDefaultTimeout(RUN_MS / 3)
      // On the way back the state is swapped, as by a page that sends the browser an answer of its own. The
      // redirects that follow the login are followed here (a route sees only the first request of a chain)
      // with the tab's cookies, and the last one, to the console, is handed to the tab with another state.
      await tab.route(`${provider.issuer}/interaction/*/login`, async (route) => {
        const login = await route.fetch({ maxRedirects: 0 })
        let location = new URL(login.headers().location ?? '/', provider.issuer)
        while (location.origin === provider.issuer) {
          const hop = await other.request.get(location.href, { maxRedirects: 0 })
          location = new URL(hop.headers().location ?? '/', provider.issuer)
        }
        location.searchParams.set('state', 'forged-state')
        await route.fulfill({ status: 303, headers: { location: location.href } })
      })
      const tokensBefore = provider.requests.filter((r) => r === 'POST /oauth2/token').length
      await tab.goto(demo.chorus.url)
      await tab.getByRole('button', { name: 'Sign in with Cognito' }).click()
      await tab.waitForURL(`${provider.issuer}/interaction/**`)
      await tab.getByLabel('Username').fill(USER.username)
      await tab.getByLabel('Password').fill(USER.password)
      await tab.getByRole('button', { name: 'Sign in' }).click()

      await tab
        .getByRole('alert')
        .filter({ hasText: 'sign-in refused: the sign-in answer is not for this tab' })
        .waitFor()
      expect(new URL(tab.url()).search).toBe('')
      expect(provider.requests.filter((r) => r === 'POST /oauth2/token')).toHaveLength(tokensBefore)
      expect(await tab.getByTestId('tenant').count()).toBe(0)
      await tab.getByRole('button', { name: 'Sign in with Cognito' }).waitFor()
      expect(await storedSession(tab)).toBeNull()
    } finally {
      await other.close()
    }
  })
})
