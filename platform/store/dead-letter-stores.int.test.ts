import { describeDeadLetterStores } from './dead-letter-stores.conformance.ts'
import { startTestTable } from './testing.ts'

describeDeadLetterStores('embedded engine', startTestTable)
