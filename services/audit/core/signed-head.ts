import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto'
import { z } from 'zod'
import { canonicalJson } from '#events'

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

/** Signs a head with an Ed25519 private key (PEM). */
export const signHead = (
  unsigned: Omit<SignedHead, 'signature' | 'keyId'>,
  privateKeyPem: string,
): SignedHead => {
  const key = createPrivateKey(privateKeyPem)
  const keyId = keyIdOf(createPublicKey(key))
  const body = { ...unsigned, keyId }
  const signature = sign(null, Buffer.from(canonicalJson(body)), key).toString('base64')
  return { ...body, signature }
}

/** Whether the head was signed by the holder of this public key (PEM). */
export const verifyHeadSignature = (head: SignedHead, publicKeyPem: string): boolean => {
  try {
    const key = createPublicKey(publicKeyPem)
    if (keyIdOf(key) !== head.keyId) return false
    const { signature, ...body } = head
    return verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}
