import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import dynalite from 'dynalite'

export interface EmbeddedDynamo {
  /** `http://127.0.0.1:<port>`: point any DynamoDB client here. */
  endpoint: string
  close(): Promise<void>
}

/**
 * Starts dynalite (the former embedded DynamoDB API, kept for the store bench's comparison) on loopback. With `path` the data is kept in
 * LevelDB under that directory and survives a restart; without it, it lives in memory.
 */
export const startEmbeddedDynamo = async (
  options: { path?: string; port?: number } = {},
): Promise<EmbeddedDynamo> => {
  if (options.path) mkdirSync(options.path, { recursive: true })
  const server = dynalite({
    ...(options.path ? { path: options.path } : {}),
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
