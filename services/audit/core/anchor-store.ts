import type { SignedHead } from './signed-head.ts'

/** A run's chain head as anchored: the leaf of the tenant's tree. */
export interface RunHead {
  tenantId: string
  runId: string
  /** Events in the log when anchored. */
  length: number
  /** The hash of the last of them. */
  head: string
}

/**
 * Where a tenant's anchor tree is kept (ADR 0019, 0026): its leaves and its signed heads, each head
 * a digest file naming the one before it. Two adapters: files beside the local key
 * (`adapters/file-anchor-store.ts`) and an S3 bucket with Object Lock (`adapters/s3-anchor-store.ts`).
 * Nothing here is trusted: a head verifies with the public key alone, and leaves only through it.
 */
export interface AnchorStore {
  /** The leaves of every signed head, in tree order. */
  leaves(tenantId: string): Promise<RunHead[]>
  /** The tree sizes of the tenant's signed heads, smallest first. */
  sizes(tenantId: string): Promise<number[]>
  /** The signed head of this size, or the latest. */
  head(tenantId: string, size?: number): Promise<SignedHead | undefined>
  /**
   * Publishes a batch: its new leaves, then the head that signs the tree over them. A head is never
   * replaced: a second head of one size is refused (`anchor.conflict`, retryable).
   */
  publish(tenantId: string, batch: { leaves: readonly RunHead[]; head: SignedHead }): Promise<void>
}
