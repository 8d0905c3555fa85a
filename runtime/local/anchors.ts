import { join } from 'node:path'
import { loadOrCreateKey, makeAnchorLog } from '#services/audit/index.ts'

/**
 * The embedded runtime's anchors (ADR 0019): the Ed25519 key in `keyDir` (outside the data dir,
 * created on first use) and each tenant's signed tree under `keyDir/trees`. Whoever can write the
 * table but not this directory cannot sign a head.
 */
export const loadLocalAnchors = async (keyDir: string) => {
  const { privateKey, publicKey } = await loadOrCreateKey(keyDir)
  return { log: makeAnchorLog({ dir: join(keyDir, 'trees'), privateKey }), publicKey }
}
