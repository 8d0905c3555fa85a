import { lstat, realpath } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { ChorusError } from '../errors/index.ts'

const refuse = (message: string) => new ChorusError('tool.pathRefused', message)

const inside = (root: string, target: string) => {
  const rel = relative(root, target)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** The deepest existing ancestor of a path (a file being created does not exist yet). */
const existingAncestor = async (path: string): Promise<string> => {
  try {
    await lstat(path)
    return path
  } catch {
    const parent = dirname(path)
    return parent === path ? path : existingAncestor(parent)
  }
}

/**
 * Resolves a path a model asked for inside `root`, or refuses: absolute paths, `..` segments,
 * and symlinks that lead out of the root (checked on the real path of the nearest existing
 * ancestor, so a link anywhere on the way is caught).
 */
export const resolveInJail = async (root: string, requested: string): Promise<string> => {
  if (requested.includes('\0')) throw refuse('path contains a NUL byte')
  if (isAbsolute(requested) || /^[A-Za-z]:/.test(requested))
    throw refuse(`absolute paths are not allowed: ${requested}`)
  if (requested.split(/[\\/]/).includes('..')) throw refuse(`".." is not allowed in paths: ${requested}`)
  const realRoot = await realpath(root)
  const target = resolve(realRoot, requested)
  if (!inside(realRoot, target)) throw refuse(`path leaves the tool's root: ${requested}`)
  const ancestor = await existingAncestor(target)
  const realAncestor = await realpath(ancestor)
  if (!inside(realRoot, realAncestor))
    throw refuse(`path leads out of the tool's root through a link: ${requested}`)
  return join(realAncestor, relative(ancestor, target)).split('/').join(sep)
}
