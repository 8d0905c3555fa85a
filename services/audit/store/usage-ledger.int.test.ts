import { startTestTable } from '#platform/store/testing.ts'
import { describeUsageLedgerConformance } from './usage-ledger.conformance.ts'

describeUsageLedgerConformance('dynalite', startTestTable)
