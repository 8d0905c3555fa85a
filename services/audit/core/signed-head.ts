import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto'
import { z } from 'zod'
import { canonicalJson } from '#events'
import type { HeadSigner } from './head-signer.ts'

/** A signed tree head: the root of a tenant's anchor tree, chained to the head signed before it. */
export const SignedHead = z
  .object({
    format: z.literal('chorus.signed-head/1'),
    tenantId: z.string(),
    treeSize: z.number().int().positive(),
    rootHash: z.string().regex(/^[0-9a-f]{64}$/),
    /** sha256 of the canonical JSON of the previous signed head, null for the first. */
    previous: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
    signedAt: z.iso.datetime(),
    /** sha256 of the signer's public key (SPKI DER): which key to check it with. */
    keyId: z.string(),
    signature: z.string(),
  })
  .strict()
export type SignedHead = z.infer<typeof SignedHead>

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex')

export const keyIdOf = (publicKey: KeyObject) => sha256(publicKey.export({ type: 'spki', format: 'der' }))

/** The digest a later head refers to in `previous`. */
export const headDigest = (head: SignedHead) => sha256(canonicalJson(head))

/** Signs a head's canonical JSON (without `signature`, with the signer's `keyId`) with the signer. */
export const signHead = async (
  unsigned: Omit<SignedHead, 'signature' | 'keyId'>,
  signer: HeadSigner,
): Promise<SignedHead> => {
  const keyId = keyIdOf(createPublicKey(await signer.publicKey()))
  const body = { ...unsigned, keyId }
  const signature = (await signer.sign(Buffer.from(canonicalJson(body)))).toString('base64')
  return { ...body, signature }
}

/**
 * The digest algorithm node's `verify` takes for a key: none for Ed25519, SHA-256 for ECDSA P-256
 * (a KMS `ECC_NIST_P256` key signing `ECDSA_SHA_256`, DER signature); any other key is refused.
 */
const algorithmOf = (key: KeyObject): { digest: string | null } | undefined => {
  if (key.asymmetricKeyType === 'ed25519') return { digest: null }
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1')
    return { digest: 'sha256' }
  return undefined
}

/** Whether the head was signed by the holder of this public key (PEM): Ed25519 or ECDSA P-256. */
export const verifyHeadSignature = (head: SignedHead, publicKeyPem: string): boolean => {
  try {
    const key = createPublicKey(publicKeyPem)
    const algorithm = algorithmOf(key)
    if (!algorithm || keyIdOf(key) !== head.keyId) return false
    const { signature, ...body } = head
    return verify(algorithm.digest, Buffer.from(canonicalJson(body)), key, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}
