import { startTestTable } from '#platform/store/testing.ts'
import { describeProjectorOrdering } from './projector.conformance.ts'

describeProjectorOrdering('dynalite', startTestTable)
