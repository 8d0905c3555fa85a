import { describeApprovalConformance } from './run-approvals.conformance.ts'
import { startTestTable } from './testing.ts'

describeApprovalConformance('dynalite', startTestTable)
