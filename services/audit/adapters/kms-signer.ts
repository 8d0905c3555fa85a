import { createPublicKey } from 'node:crypto'
import { ChorusError } from '#platform/errors/index.ts'
import type { HeadSigner } from '../core/head-signer.ts'

/**
 * The two KMS operations the signer uses, shaped as the AWS SDK's `SignCommand` and
 * `GetPublicKeyCommand` take and answer them; the composition root supplies the client.
 */
export interface KmsSigningApi {
  sign(input: {
    KeyId: string
    Message: Uint8Array
    MessageType: 'RAW'
    SigningAlgorithm: 'ECDSA_SHA_256'
  }): Promise<{ Signature?: Uint8Array }>
  getPublicKey(input: { KeyId: string }): Promise<{ PublicKey?: Uint8Array; KeySpec?: string }>
}

/**
 * The AWS head signer: an asymmetric KMS key (`ECC_NIST_P256`, `SIGN_VERIFY`) signs with
 * `ECDSA_SHA_256` over the raw message; the private key never leaves KMS. The public key comes
 * from `kms:GetPublicKey` (SPKI DER), read once per process.
 */
export const makeKmsSigner = ({ kms, keyId }: { kms: KmsSigningApi; keyId: string }): HeadSigner => {
  let publicKey: Promise<string> | undefined
  const readPublicKey = async () => {
    const answer = await kms.getPublicKey({ KeyId: keyId })
    if (!answer.PublicKey)
      throw new ChorusError('anchor.failed', `KMS key ${keyId} returned no public key`, { retryable: true })
    return createPublicKey({ key: Buffer.from(answer.PublicKey), format: 'der', type: 'spki' })
      .export({ type: 'spki', format: 'pem' })
      .toString()
  }
  return {
    publicKey: () => {
      publicKey ??= readPublicKey().catch((error: unknown) => {
        publicKey = undefined
        throw error
      })
      return publicKey
    },
    sign: async (message) => {
      const { Signature } = await kms.sign({
        KeyId: keyId,
        Message: message,
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      })
      if (!Signature)
        throw new ChorusError('anchor.failed', `KMS key ${keyId} returned no signature`, { retryable: true })
      return Buffer.from(Signature)
    },
  }
}
