import type { HttpToolDefinition } from '#services/workers/index.ts'
import type { OperationId } from '../routes.ts'

/** One request to an operation of the table, by its path template and parameter values. */
export interface ApiRequest {
  method: string
  /** The operation's path template, e.g. `/runs/{runId}`. */
  resource: string
  params: Record<string, string>
  query?: Record<string, string>
  body?: unknown
  headers?: Record<string, string>
}

/** An answer as the isolation suite reads it: status, headers (lowercase names) and the body as text. */
export interface ApiAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** The path of a request: its template with each parameter filled in (URL-encoded). */
export const pathOf = ({ resource, params }: Pick<ApiRequest, 'resource' | 'params'>) =>
  resource.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))

/**
 * A running Chorus the isolation suite probes: the embedded runtime over HTTP, or the Lambda entry
 * points over moto. Every tenant it sends as has its own valid credentials.
 */
export interface IsolationTarget {
  /** Sends a request as `tenantId`, authenticated the way this runtime authenticates callers. */
  send(tenantId: string, request: ApiRequest): Promise<ApiAnswer>
  /** Lets pending work run (deliveries, queues) until each of these runs of the tenant has ended. */
  settle(tenantId: string, runIds: readonly string[]): Promise<void>
  /**
   * Leaves the first event of one of the tenant's runs as a dead letter of its consumer, the way the
   * runtime keeps a message its queue gave up on (no endpoint makes one).
   */
  deadLetter(tenantId: string, runId: string): Promise<void>
  /** Stores an HTTP tool of a tenant (tools have no endpoint of their own yet). */
  saveHttpTool(tenantId: string, tool: HttpToolDefinition): Promise<void>
  /** Operations this runtime does not serve, each with the reason; they are reported, never probed. */
  unserved: Partial<Record<OperationId, string>>
  close(): Promise<void>
}
