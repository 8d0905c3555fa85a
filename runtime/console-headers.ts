/**
 * The console's security headers, defined once: the local server sends them with the console
 * (`local/console-assets.ts`) and the CloudFront distribution's response headers policy carries the same
 * values (`infra/constructs/console-hosting.ts`). Only the sign-in origin differs between the two.
 */

/** HSTS `max-age`: two years, as the HSTS preload list asks. Sent on HTTPS only (CloudFront), never locally. */
export const CONSOLE_HSTS_MAX_AGE_SECONDS = 2 * 365 * 24 * 60 * 60

/** `Referrer-Policy`: the console's addresses (run ids, chat ids) never leave in a `Referer`. */
export const CONSOLE_REFERRER_POLICY = 'no-referrer'

/**
 * The console page's Content-Security-Policy: scripts, styles, fonts and fetches from its own origin only;
 * `signInOrigin` (the Cognito domain, `https://<prefix>.auth.<region>.amazoncognito.com`) is added where the
 * page talks to it: `connect-src` (the token endpoint) and `form-action`. No `'unsafe-inline'` and no
 * `'unsafe-eval'`: the build has no inline script or style, and React and React Flow set styles through the
 * CSSOM (`element.style`), which `style-src` does not govern. `img-src data:` is the page's inline favicon.
 */
export const consoleContentSecurityPolicy = (signInOrigin?: string): string => {
  const withSignIn = (...sources: string[]) => [...sources, ...(signInOrigin ? [signInOrigin] : [])].join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${withSignIn("'self'")}`,
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `form-action ${withSignIn("'self'")}`,
  ].join('; ')
}

/**
 * The headers the local server sends with the console's page (lower-case names): the policy above, no
 * referrer, no framing. `X-Content-Type-Options: nosniff` goes with every file; HSTS is left to HTTPS.
 */
export const consolePageHeaders = (signInOrigin?: string): Record<string, string> => ({
  'content-security-policy': consoleContentSecurityPolicy(signInOrigin),
  'referrer-policy': CONSOLE_REFERRER_POLICY,
  'x-frame-options': 'DENY',
})
