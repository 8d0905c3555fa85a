import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type CryptoKey, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose'
import { z } from 'zod'
import type { ApiKeyStore } from '#platform/store/index.ts'
import { issueApiKey, verifyApiKey } from './api-key.ts'

/** Issuer and audience of the tokens the embedded runtime mints for local development. */
export const DEV_ISSUER = 'chorus-local'
export const DEV_AUDIENCE = 'chorus'

const SigningKeyFile = z.object({ kid: z.string().min(1), privateJwk: z.record(z.string(), z.unknown()) })
const CredentialsFile = z.object({ tenantId: z.string(), token: z.string(), apiKey: z.string() })
export type DevCredentials = z.infer<typeof CredentialsFile>

/** What a signed token says: who, which tenant, how long, and (for tests) another issuer or audience. */
export interface TokenSpec {
  tenantId: string
  subject?: string
  expiresInSeconds?: number
  issuer?: string
  audience?: string
  tenantClaim?: string
}

/** Signs a JWT with an ES256 private key. */
export const signToken = async (
  key: CryptoKey | Uint8Array,
  kid: string,
  spec: TokenSpec,
): Promise<string> => {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ [spec.tenantClaim ?? 'custom:tenant']: spec.tenantId, token_use: 'id' })
    .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
    .setIssuer(spec.issuer ?? DEV_ISSUER)
    .setAudience(spec.audience ?? DEV_AUDIENCE)
    .setSubject(spec.subject ?? 'local-dev')
    .setIssuedAt(now)
    .setExpirationTime(now + (spec.expiresInSeconds ?? 30 * 24 * 3600))
    .sign(key)
}

export interface DevIdentityOptions {
  /** Where the signing key and the credentials file live (under the data directory, mode 0600). */
  dir: string
  tenantId: string
  apiKeys: ApiKeyStore
  tenantClaim: string
  tokenTtlSeconds?: number
}

export interface DevIdentity {
  issuer: string
  audience: string
  /** The public key set tokens are verified against. */
  jwks: { keys: JWK[] }
  credentials: DevCredentials
  /** Which credentials this start created: the banner shows new ones once. */
  fresh: { token: boolean; apiKey: boolean }
  credentialsFile: string
  /** Mints a token signed with the dev key (tests use it for other tenants, expiry, issuers). */
  mintToken(spec: TokenSpec): Promise<string>
}

const readJson = async <T>(path: string, schema: z.ZodType<T>): Promise<T | undefined> => {
  try {
    const parsed = schema.safeParse(JSON.parse(await readFile(path, 'utf8')))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

const loadOrCreateSigningKey = async (path: string) => {
  const stored = await readJson(path, SigningKeyFile)
  if (stored) return { kid: stored.kid, privateJwk: stored.privateJwk as JWK }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const file = { kid: `dev-${Date.now().toString(36)}`, privateJwk: await exportJWK(privateKey) }
  await writeFile(path, JSON.stringify(file, null, 2), { mode: 0o600 })
  return file
}

/**
 * The local development identity: an ES256 signing key, a token for the default tenant and an
 * API key (hashed in the table), created on first start and kept under `dir`. A token close to
 * expiry, or a key the table no longer knows, is replaced.
 */
export const ensureDevIdentity = async (options: DevIdentityOptions): Promise<DevIdentity> => {
  const { dir, tenantId, apiKeys, tenantClaim } = options
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const { kid, privateJwk } = await loadOrCreateSigningKey(join(dir, 'signing-key.json'))
  const { d: _private, ...publicJwk } = privateJwk
  const key = (await importJWK(privateJwk, 'ES256')) as CryptoKey
  const mintToken = (spec: TokenSpec) => signToken(key, kid, { tenantClaim, ...spec })

  const credentialsFile = join(dir, 'credentials.json')
  const stored = await readJson(credentialsFile, CredentialsFile)
  const sameTenant = stored?.tenantId === tenantId
  const tokenLive = sameTenant && stored && (decodeJwt(stored.token).exp ?? 0) > Date.now() / 1000 + 24 * 3600
  const keyLive = sameTenant && stored && (await verifyApiKey(apiKeys, tenantId, stored.apiKey)) !== undefined
  const token =
    tokenLive && stored
      ? stored.token
      : await mintToken({
          tenantId,
          ...(options.tokenTtlSeconds ? { expiresInSeconds: options.tokenTtlSeconds } : {}),
        })
  const apiKey =
    keyLive && stored ? stored.apiKey : (await issueApiKey(apiKeys, tenantId, 'local development')).key
  const credentials = { tenantId, token, apiKey }
  if (!tokenLive || !keyLive)
    await writeFile(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 })

  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    credentials,
    fresh: { token: !tokenLive, apiKey: !keyLive },
    credentialsFile,
    mintToken,
  }
}
