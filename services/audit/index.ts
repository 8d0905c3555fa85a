export {
  type AnchorLog,
  leafOf,
  loadOrCreateKey,
  makeAnchorLog,
  type RunAnchor,
  type RunHead,
} from './core/anchor-log.ts'
export { type Anchorer, makeAnchorer } from './core/anchorer.ts'
export { auditRecords } from './core/audit-run.ts'
export { type Auditor, type AuditorDeps, makeAuditor } from './core/auditor.ts'
export { BUNDLE_FORMAT, type BundleVerdict, exportBundle, verifyBundle } from './core/bundle.ts'
export { makeProjector, type Projector, viewOf } from './core/projector.ts'
export { type RederiveVerdict, rederive } from './core/rederive.ts'
export {
  makeReplayer,
  type ReplayComparison,
  type ReplayDelivery,
  type Replayer,
  ReplayRequest,
  redeliverTo,
} from './core/replayer.ts'
export { type AuditReport, type AuditVerdict, buildReport, renderReport } from './core/report.ts'
export { emptySummary, type RunSummary, reduceRun } from './core/run-summary.ts'
export { keyIdOf, SignedHead, verifyHeadSignature } from './core/signed-head.ts'
export {
  type AnchorVerdict,
  verifyAnchor,
  verifyHeadsConsistent,
  verifySignedLeaf,
} from './core/verify-anchor.ts'
export { type ChainVerdict, verifyChain } from './core/verify-chain.ts'
