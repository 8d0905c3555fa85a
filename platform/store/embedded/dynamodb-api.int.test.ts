import { startTestTable } from '../testing.ts'
import { describeDynamoApiConformance } from './dynamodb-api.conformance.ts'

describeDynamoApiConformance('embedded engine', startTestTable)
