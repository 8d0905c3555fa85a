import { lookup as dnsLookup } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'
import { ChorusError } from '#platform/errors/index.ts'
import { parseAddress, verdictOf } from './address-ranges.ts'

export interface AddressPolicy {
  /**
   * Hosts (exact names), IP addresses or CIDR ranges a tool may reach even though they are not
   * public unicast. Cloud metadata endpoints stay refused whatever this says.
   */
  allow?: readonly string[]
}

const bareHost = (host: string) =>
  host
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()

/** Whether an allowlist entry covers this host name or address. */
const allows = (entry: string, host: string, address: ipaddr.IPv4 | ipaddr.IPv6) => {
  if (entry.includes('/')) {
    if (!ipaddr.isValidCIDR(entry)) return false
    const [network, bits] = ipaddr.parseCIDR(entry)
    return network.kind() === address.kind() && address.match(network, bits)
  }
  const single = parseAddress(entry)
  if (single)
    return single.kind() === address.kind() && single.toNormalizedString() === address.toNormalizedString()
  return bareHost(entry) === bareHost(host)
}

/**
 * Why a tool may not connect to `address` (reached through `host`), or undefined when it may.
 * Only public unicast passes unless an allowlist entry names the host, the address or its range.
 */
export const refusalOf = (address: string, host: string, policy: AddressPolicy = {}): string | undefined => {
  const verdict = verdictOf(address)
  if (verdict.pass) return undefined
  const parsed = parseAddress(address)
  if (verdict.overridable && parsed && (policy.allow ?? []).some((entry) => allows(entry, host, parsed)))
    return undefined
  const bare = bareHost(host)
  return bare === bareHost(address)
    ? `${host} is ${verdict.reason}`
    : `${host} resolves to ${address}, ${verdict.reason}`
}

const refused = (reason: string) => new ChorusError('tool.addressRefused', reason)

/**
 * Refuses a literal IP host up front: Node connects to a literal without calling `lookup`.
 * The host is a WHATWG URL hostname, so `2130706433`, `0x7f.1` and `017700000001` already
 * read `127.0.0.1` here.
 */
export const checkLiteralHost = (host: string, policy: AddressPolicy) => {
  const bare = host.replace(/^\[|\]$/g, '')
  if (isIP(bare) === 0 && !parseAddress(bare)) return
  const reason = refusalOf(bare, host, policy)
  if (reason) throw refused(reason)
}

/**
 * A DNS lookup for `http.request` that checks every resolved address before the socket
 * connects to it, so a name cannot be re-pointed between the check and the connection.
 */
export const guardedLookup =
  (policy: AddressPolicy): LookupFunction =>
  (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as unknown as { address: string; family: number }[]
      for (const { address } of list) {
        const reason = refusalOf(address, hostname, policy)
        if (reason) return callback(refused(reason), '', 0)
      }
      if (options.all) return (callback as unknown as (e: null, a: typeof list) => void)(null, list)
      const first = list[0]
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0)
      callback(null, first.address, first.family)
    })
  }
