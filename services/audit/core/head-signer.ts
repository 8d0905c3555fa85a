/**
 * Who signs tree heads (ADR 0019, 0026): a port with two adapters, an Ed25519 key in a file
 * (`adapters/ed25519-signer.ts`, the embedded runtime) and an asymmetric KMS key
 * (`adapters/kms-signer.ts`, AWS). Verification is the same for both: the public key alone.
 */
export interface HeadSigner {
  /** The public key that verifies this signer's signatures, SPKI PEM. */
  publicKey(): Promise<string>
  /**
   * Signs the message: Ed25519 over the bytes, or ECDSA P-256 over their SHA-256 (DER signature),
   * as `verifyHeadSignature` checks them by the key's type.
   */
  sign(message: Buffer): Promise<Buffer>
}
