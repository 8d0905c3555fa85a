import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { HeadSigner } from '../core/head-signer.ts'

/**
 * Loads the Ed25519 signing key from `dir` (outside the data dir: `~/.config/chorus` by default),
 * creating it (mode 0600) on first use.
 */
export const loadOrCreateKey = async (dir: string): Promise<{ privateKey: string; publicKey: string }> => {
  const priv = join(dir, 'anchor-ed25519.pem')
  const pub = join(dir, 'anchor-ed25519.pub.pem')
  try {
    return { privateKey: await readFile(priv, 'utf8'), publicKey: await readFile(pub, 'utf8') }
  } catch {
    const pair = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
    await mkdir(dir, { recursive: true, mode: 0o700 })
    await writeFile(priv, pair.privateKey, { mode: 0o600, flag: 'wx' })
    await writeFile(pub, pair.publicKey, { mode: 0o644, flag: 'wx' })
    return { privateKey: pair.privateKey, publicKey: pair.publicKey }
  }
}

/** The embedded runtime's head signer: an Ed25519 key pair in PEM (see `loadOrCreateKey`). */
export const makeEd25519Signer = (key: { privateKey: string; publicKey: string }): HeadSigner => ({
  publicKey: async () => key.publicKey,
  sign: async (message) => sign(null, message, key.privateKey),
})
