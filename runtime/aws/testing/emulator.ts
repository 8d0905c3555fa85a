import { inject } from 'vitest'
import { newId } from '#events'
import { type AwsClients, makeAwsClients } from '../clients.ts'
import { type AwsConfig, loadAwsConfig } from '../config.ts'
import { type EmulatorStack, type EmulatorStackOptions, provisionEmulatorStack } from '../emulator-driver.ts'
import { MOTO_INSTALL_HINT } from './moto-server.ts'

/** The moto endpoint started by the global setup; throws the install hint when moto is missing. */
export const motoEndpoint = (): string => {
  const endpoint = inject('motoEndpoint')
  if (!endpoint) throw new Error(inject('motoProblem') || MOTO_INSTALL_HINT)
  return endpoint
}

/** A resource-name prefix no other test uses (valid for buckets, queues, rules and tables). */
export const uniquePrefix = (label: string): string => `t-${label.slice(0, 12)}-${newId().toLowerCase()}`

/** SDK clients pointed at moto. */
export const motoClients = (): AwsClients => {
  const endpoint = motoEndpoint()
  return makeAwsClients('us-east-1', {
    dynamodb: endpoint,
    eventbridge: endpoint,
    sqs: endpoint,
    s3: endpoint,
    secretsmanager: endpoint,
    kms: endpoint,
  })
}

export interface TestStack {
  clients: AwsClients
  stack: EmulatorStack
  config: AwsConfig
  /** The environment a Lambda container would get for this stack. */
  env: Record<string, string>
  close(): void
}

/** Provisions a fresh stack on moto (unique names) and the AWS runtime config that points at it. */
export const startTestStack = async (
  label: string,
  options: Partial<EmulatorStackOptions> & { env?: Record<string, string> } = {},
): Promise<TestStack> => {
  const clients = motoClients()
  const stack = await provisionEmulatorStack(clients, { prefix: uniquePrefix(label), ...options })
  const env = {
    CHORUS_AWS_ENDPOINT: motoEndpoint(),
    AWS_REGION: 'us-east-1',
    CHORUS_LOG_LEVEL: 'silent',
    ...stack.env,
    ...options.env,
  }
  return { clients, stack, config: loadAwsConfig(env), env, close: () => clients.destroy() }
}
