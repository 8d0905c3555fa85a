import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type CryptoKey, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose'
import { z } from 'zod'
import type { ApiKeyStore } from '#platform/store/index.ts'
import { ChorusError } from '../errors/index.ts'
import { issueApiKey, verifyApiKey } from './api-key.ts'
import { readCredentialsFile, saveTenantCredentials } from './dev-credentials.ts'

/** Issuer and audience of the tokens the embedded runtime mints for local development. */
export const DEV_ISSUER = 'chorus-local'
export const DEV_AUDIENCE = 'chorus'

const SigningKeyFile = z.object({ kid: z.string().min(1), privateJwk: z.record(z.string(), z.unknown()) })

/** One tenant's dev credentials. */
export interface DevCredentials {
  tenantId: string
  token: string
  apiKey: string
}

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
  /** Make this tenant the one clients use when they name none (default true: the server's own tenant). */
  select?: boolean
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
  /** Every tenant whose credentials the file keeps, this one included. */
  tenants: string[]
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
  const text = JSON.stringify(file, null, 2)
  const created = await writeFile(path, text, { mode: 0o600, flag: 'wx' }).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return false
      throw error
    },
  )
  if (created) return file
  // Another process wrote it first: share its key. An unreadable file is replaced, as on a first start.
  const kept = await readJson(path, SigningKeyFile)
  if (kept) return { kid: kept.kid, privateJwk: kept.privateJwk as JWK }
  await writeFile(path, text, { mode: 0o600 })
  return file
}

/** The file of the dev credentials under the auth directory. */
export const credentialsFileIn = (dir: string) => join(dir, 'credentials.json')

/**
 * The dev signing key of `dir` and what it is used for: the JWKS and minting tokens. Created when
 * missing, unless `create` is false (a client must not replace the key a running server verifies with).
 */
export const loadDevSigner = async (dir: string, tenantClaim: string, options: { create?: boolean } = {}) => {
  const path = join(dir, 'signing-key.json')
  if (options.create === false && !(await readJson(path, SigningKeyFile)))
    throw new ChorusError('config.invalid', `no dev signing key in ${dir}: start Chorus once to create it`)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const { kid, privateJwk } = await loadOrCreateSigningKey(path)
  const { d: _private, ...publicJwk } = privateJwk
  const key = (await importJWK(privateJwk, 'ES256')) as CryptoKey
  return {
    jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    mintToken: (spec: TokenSpec) => signToken(key, kid, { tenantClaim, ...spec }),
  }
}

/** Whether a token still has more than a day to live. */
export const tokenLive = (token: string) => {
  try {
    return (decodeJwt(token).exp ?? 0) > Date.now() / 1000 + 24 * 3600
  } catch {
    return false
  }
}

/**
 * The local development identity: an ES256 signing key, a token and an API key (hashed in the
 * table) for `tenantId`, created when missing and kept under `dir` beside those of every other
 * tenant (`credentials.json`, see `dev-credentials.ts`). A token close to expiry, or a key the
 * table no longer knows, is replaced; other tenants' entries are never touched.
 */
export const ensureDevIdentity = async (options: DevIdentityOptions): Promise<DevIdentity> => {
  const { dir, tenantId, apiKeys, tenantClaim } = options
  const { jwks, mintToken } = await loadDevSigner(dir, tenantClaim)

  const credentialsFile = credentialsFileIn(dir)
  const stored = (await readCredentialsFile(credentialsFile)).tenants[tenantId]
  const keepToken = stored !== undefined && tokenLive(stored.token)
  const keepKey = stored !== undefined && (await verifyApiKey(apiKeys, tenantId, stored.apiKey)) !== undefined
  const token =
    keepToken && stored
      ? stored.token
      : await mintToken({
          tenantId,
          ...(options.tokenTtlSeconds ? { expiresInSeconds: options.tokenTtlSeconds } : {}),
        })
  const apiKey =
    keepKey && stored ? stored.apiKey : (await issueApiKey(apiKeys, tenantId, 'local development')).key
  const saved = await saveTenantCredentials(
    credentialsFile,
    tenantId,
    { token, apiKey },
    { select: options.select ?? true },
  )

  return {
    issuer: DEV_ISSUER,
    audience: DEV_AUDIENCE,
    jwks,
    credentials: { tenantId, token, apiKey },
    fresh: { token: !keepToken, apiKey: !keepKey },
    credentialsFile,
    tenants: Object.keys(saved.tenants).sort(),
    mintToken,
  }
}
