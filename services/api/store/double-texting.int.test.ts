import { startTestTable } from '#platform/store/testing.ts'
import { describeDoubleTextingConformance } from './double-texting.conformance.ts'

describeDoubleTextingConformance('embedded store', startTestTable)
