// Part of `prepare`: links the `chorus` command into node_modules/.bin, so `npx chorus` runs cli/bin.js
// straight away. npm does not link a project's own bins into its own node_modules/.bin, and when the
// package.json declares the bin itself, `npx chorus` installs the project into npx's cache and reads the
// whole dependency tree before every call (about 1.5 s on a 2-core machine); a link in .bin is found first.
import { lstatSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './build.js'

const bin = join(ROOT, 'node_modules', '.bin')
const link = join(bin, 'chorus')
const target = join('..', '..', 'cli', 'bin.js')

const current = (() => {
  try {
    return lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'not a link'
  } catch {
    return undefined
  }
})()
if (current !== target) {
  mkdirSync(bin, { recursive: true })
  if (current !== undefined) unlinkSync(link)
  try {
    symlinkSync(target, link)
  } catch (error) {
    // Where links are not allowed (some Windows setups), `node cli/bin.js` does the same.
    process.stderr.write(
      `chorus: could not link node_modules/.bin/chorus (${error.message}); use node cli/bin.js\n`,
    )
  }
}
