import { startTestTable } from './testing.ts'
import { describeUsageLedgerConformance } from './usage-ledger.conformance.ts'

describeUsageLedgerConformance('dynalite', startTestTable)
