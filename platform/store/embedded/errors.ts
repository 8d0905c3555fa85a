import {
  type AttributeValue,
  type CancellationReason,
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  ResourceInUseException,
  ResourceNotFoundException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb'

/**
 * The errors the engine answers with: the AWS SDK's own exception classes (or its service
 * exception named as DynamoDB names it), so `instanceof` and `name` checks behave as on AWS.
 */
const metadata = () => ({ httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 })

export const validation = (message: string) =>
  new DynamoDBServiceException({
    name: 'ValidationException',
    $fault: 'client',
    message,
    $metadata: metadata(),
  })

export const unknownOperation = (operation: string) =>
  new DynamoDBServiceException({
    name: 'UnknownOperationException',
    $fault: 'client',
    message: `the embedded store does not implement ${operation}`,
    $metadata: metadata(),
  })

export const conditionalCheckFailed = (item?: Record<string, AttributeValue>) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: metadata(),
    ...(item ? { Item: item } : {}),
  })

export const tableNotFound = (table: string) =>
  new ResourceNotFoundException({
    message: `Requested resource not found: Table: ${table} not found`,
    $metadata: metadata(),
  })

export const tableInUse = (table: string) =>
  new ResourceInUseException({ message: `Table already exists: ${table}`, $metadata: metadata() })

export const transactionCanceled = (reasons: CancellationReason[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons
      .map((r) => r.Code)
      .join(', ')}]`,
    $metadata: metadata(),
    CancellationReasons: reasons,
  })

/** True for a thrown ConditionalCheckFailedException (inside a transaction it becomes a cancellation reason). */
export const isConditionFailure = (error: unknown): error is ConditionalCheckFailedException =>
  error instanceof ConditionalCheckFailedException
