import { describeDoubleTextingConformance } from './double-texting.conformance.ts'
import { startTestTable } from './testing.ts'

describeDoubleTextingConformance('embedded store', startTestTable)
