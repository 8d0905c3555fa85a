/**
 * The part of oidc-provider (panva, OpenID Certified; it ships no types) that the Cognito-shaped test
 * provider uses.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  interface Account {
    accountId: string
    claims: (use: string, scope: string) => Promise<Record<string, unknown> & { sub: string }>
  }

  interface Grant {
    addOIDCScope(scope: string): void
    save(): Promise<string>
  }

  interface Interaction {
    uid: string
    prompt: { name: string; reasons: string[]; details: Record<string, unknown> }
    params: Record<string, unknown>
    session?: { accountId?: string }
    grantId?: string
  }

  interface KoaContext {
    host: string
    body: unknown
    type: string
    status: number
  }

  export interface Configuration {
    clients?: Record<string, unknown>[]
    routes?: Record<string, string>
    scopes?: string[]
    claims?: Record<string, string[]>
    conformIdTokenClaims?: boolean
    findAccount?: (ctx: unknown, sub: string) => Promise<Account | undefined>
    features?: Record<string, Record<string, unknown>>
    pkce?: { required?: (ctx: unknown, client: unknown) => boolean }
    interactions?: { url?: (ctx: unknown, interaction: Interaction) => string }
    clientBasedCORS?: (ctx: unknown, origin: string, client: { redirectUris: string[] }) => boolean
    cookies?: { keys?: string[] }
    jwks?: { keys: Record<string, unknown>[] }
    ttl?: Record<string, number>
    renderError?: (ctx: KoaContext, out: Record<string, unknown>, error: unknown) => Promise<void>
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: Record<string, unknown>,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>
    Grant: new (properties: {
      accountId: string
      clientId: string
    }) => Grant
  }
}
