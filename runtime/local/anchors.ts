import { join } from 'node:path'
import {
  loadOrCreateKey,
  makeAnchorLog,
  makeEd25519Signer,
  makeFileAnchorStore,
} from '#services/audit/index.ts'

/**
 * The embedded runtime's anchors (ADR 0019): the Ed25519 key in `keyDir` (outside the data dir,
 * created on first use) and each tenant's signed tree under `keyDir/trees`. Whoever can write the
 * table but not this directory cannot sign a head.
 */
export const loadLocalAnchors = async (keyDir: string) => {
  const key = await loadOrCreateKey(keyDir)
  const store = makeFileAnchorStore({ dir: join(keyDir, 'trees') })
  return { log: makeAnchorLog({ store, signer: makeEd25519Signer(key) }), publicKey: key.publicKey }
}
