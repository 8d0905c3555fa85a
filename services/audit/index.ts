export { loadOrCreateKey, makeEd25519Signer } from './adapters/ed25519-signer.ts'
export { makeFileAnchorStore } from './adapters/file-anchor-store.ts'
export { type KmsSigningApi, makeKmsSigner } from './adapters/kms-signer.ts'
export { makeS3AnchorStore, type ObjectLock } from './adapters/s3-anchor-store.ts'
export { type AnchorLog, leafOf, makeAnchorLog, type RunAnchor, type RunHead } from './core/anchor-log.ts'
export type { AnchorStore } from './core/anchor-store.ts'
export { type Anchorer, makeAnchorer } from './core/anchorer.ts'
export { auditRecords } from './core/audit-run.ts'
export { type Auditor, type AuditorDeps, makeAuditor } from './core/auditor.ts'
export { BUNDLE_FORMAT, type BundleVerdict, exportBundle, verifyBundle } from './core/bundle.ts'
export type { HeadSigner } from './core/head-signer.ts'
export { makeProjector, type Projector, viewOf } from './core/projector.ts'
export { type RederiveVerdict, rederive } from './core/rederive.ts'
export {
  liveView,
  makeReplayer,
  makeReplayScope,
  type ReplayComparison,
  type ReplayDelivery,
  type Replayer,
  ReplayRequest,
  redeliverTo,
} from './core/replayer.ts'
export { type AuditReport, type AuditVerdict, buildReport, renderReport } from './core/report.ts'
export { emptySummary, type RunSummary, reduceRun } from './core/run-summary.ts'
export { keyIdOf, SignedHead, verifyHeadSignature } from './core/signed-head.ts'
export { usageLines } from './core/usage-lines.ts'
export {
  type AnchorVerdict,
  verifyAnchor,
  verifyHeadsConsistent,
  verifySignedLeaf,
} from './core/verify-anchor.ts'
export { type ChainVerdict, verifyChain } from './core/verify-chain.ts'
export {
  makeProjectionStore,
  type Projection,
  type ProjectionKey,
  type ProjectionStore,
} from './store/projection-store.ts'
export { makeUsageLedger, type UsageLedger, type UsageLine, type UsageTotals } from './store/usage-ledger.ts'
