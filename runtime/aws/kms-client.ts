import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, SourceData } from '@smithy/types'
import { z } from 'zod'
import { ChorusError } from '#platform/errors/index.ts'
import type { KmsSigningApi } from '#services/audit/index.ts'

const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data)

/** SHA-256 (or its HMAC with a secret) as the SigV4 signer takes it, from node:crypto. */
class NodeSha256 {
  private hash: Hash | Hmac
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh()
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret))
  }
  update(data: SourceData) {
    this.hash.update(bytes(data))
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
  reset() {
    this.hash = this.fresh()
  }
}

const SignAnswer = z.object({ Signature: z.base64() })
const PublicKeyAnswer = z.object({ PublicKey: z.base64(), KeySpec: z.string().optional() })
const KmsError = z.object({ __type: z.string().optional(), message: z.string().optional() }).loose()

export interface KmsClientDeps {
  region: string
  /** KMS's own endpoint when absent; an emulator's otherwise. */
  endpoint?: string
  /** The SDK's credential chain, taken from a client the composition root built (`s3.config.credentials`). */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider
}

/** One KMS JSON-protocol call (`TrentService.<target>`), SigV4-signed; a refusal throws `anchor.failed`. */
export const makeKmsCaller = ({ region, endpoint, credentials }: KmsClientDeps) => {
  const url = new URL(endpoint ?? `https://kms.${region}.amazonaws.com/`)
  const signer = new SignatureV4({ credentials, region, service: 'kms', sha256: NodeSha256 })
  const call = async (target: string, body: Record<string, unknown>): Promise<unknown> => {
    const request = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `TrentService.${target}`,
      },
      body: JSON.stringify(body),
    })
    const response = await fetch(new URL('/', url), {
      method: 'POST',
      headers: request.headers,
      body: request.body as string,
    })
    const text = await response.text()
    if (!response.ok) {
      const error = KmsError.safeParse(JSON.parse(text || '{}'))
      const type = error.success ? (error.data.__type ?? '').split('#').at(-1) : ''
      throw new ChorusError(
        'anchor.failed',
        `KMS ${target} failed: ${response.status} ${type} ${error.data?.message ?? ''}`.trim(),
        {
          // Throttling and KMS's own faults pass; a refused or missing key does not.
          retryable: response.status >= 500 || type === 'ThrottlingException',
        },
      )
    }
    return JSON.parse(text) as unknown
  }
  return call
}

/**
 * The two KMS calls the anchoring needs (`Sign`, `GetPublicKey`) over KMS's JSON protocol, signed
 * with SigV4 by the SDK's own signer. `@aws-sdk/client-kms` is not among the dependencies yet:
 * once it is, `KmsSigningApi` is two `send`s of its commands and this file goes.
 */
export const makeKmsClient = (deps: KmsClientDeps): KmsSigningApi => {
  const call = makeKmsCaller(deps)
  return {
    sign: async ({ Message, ...rest }) => {
      const answer = SignAnswer.parse(
        await call('Sign', { ...rest, Message: Buffer.from(Message).toString('base64') }),
      )
      return { Signature: Buffer.from(answer.Signature, 'base64') }
    },
    getPublicKey: async (input) => {
      const answer = PublicKeyAnswer.parse(await call('GetPublicKey', input))
      return {
        PublicKey: Buffer.from(answer.PublicKey, 'base64'),
        ...(answer.KeySpec ? { KeySpec: answer.KeySpec } : {}),
      }
    },
  }
}
