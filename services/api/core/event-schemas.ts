import { CATALOG, EventContractError, eventJsonSchemas } from '#events'

/**
 * The JSON Schema of every event version, or of one name (and version): `Name.vN` → schema.
 * An unknown name or version is an error naming what exists.
 */
export const eventSchemas = (filter: { name?: string | undefined; version?: number | undefined } = {}) => {
  const { name, version } = filter
  const versions = CATALOG.filter((d) => name === undefined || d.name === name).map((d) => d.version)
  if (name !== undefined && versions.length === 0)
    throw new EventContractError('event.unknownName', [`query.name: unknown event "${name}"`])
  if (version !== undefined && !versions.includes(version))
    throw new EventContractError('event.unknownVersion', [
      `query.version: ${name ?? 'no event'} has no version ${version}${name ? ` (known: ${versions.join(', ')})` : ''}`,
    ])
  return Object.fromEntries(
    Object.entries(eventJsonSchemas()).filter(([key]) => {
      const [keyName, keyVersion] = key.split('.v')
      return (
        (name === undefined || keyName === name) && (version === undefined || Number(keyVersion) === version)
      )
    }),
  )
}
