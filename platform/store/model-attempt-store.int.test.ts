import { describeModelAttemptConformance } from './model-attempt-store.conformance.ts'
import { startTestTable } from './testing.ts'

describeModelAttemptConformance('embedded engine', startTestTable)
