/** An absolute POSIX path of two or more segments, after a start, a space, a quote, a bracket, `=`, `:` or `,`. */
const POSIX_PATH = /(^|[\s'"`([{=:,])(?:\/[\w.@+~-]+){2,}\/?/g
const FILE_URL = /file:\/\/[^\s'"`)\]}]+/g
const WINDOWS_PATH = /\b[A-Za-z]:\\[^\s'"`)\]}]*/g

/**
 * Replaces the filesystem paths in a message (absolute POSIX paths, `file://` URLs, Windows paths)
 * with `<path>`, so an error of a library or a module can be shown to a tenant without revealing
 * the server's directories. URLs other than `file://` and relative paths are kept.
 * @example redactPaths("ENOENT: no such file, open '/srv/chorus/data/x.json'") // "ENOENT: no such file, open '<path>'"
 */
export const redactPaths = (message: string): string =>
  message
    .replace(FILE_URL, '<path>')
    .replace(WINDOWS_PATH, '<path>')
    .replace(POSIX_PATH, (_, before: string) => `${before}<path>`)
