import { lookup as dnsLookup } from 'node:dns'
import { BlockList, isIP, type LookupFunction } from 'node:net'
import { ChorusError } from '../../errors/index.ts'

/** Addresses no tool may reach unless allowlisted: private, loopback, link-local, metadata and the like. */
const FORBIDDEN = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['fd00:ec2::', 32],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv6')

export interface AddressPolicy {
  /** Hosts (exact names) or CIDR ranges a tool may reach even though they are private. */
  allow?: readonly string[]
}

const toIpv4 = (address: string) => address.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i)?.[1]

/** Why an address is refused, or undefined when it may be reached. */
export const refusalOf = (address: string, host: string, policy: AddressPolicy = {}): string | undefined => {
  const mapped = toIpv4(address)
  const ip = mapped ?? address
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4'
  if (!FORBIDDEN.check(ip, family)) return undefined
  const allow = policy.allow ?? []
  if (allow.includes(host)) return undefined
  for (const entry of allow) {
    const [network, bits] = entry.split('/')
    if (!network || !bits || isIP(network) === 0) continue
    const list = new BlockList()
    const netFamily = isIP(network) === 6 ? 'ipv6' : 'ipv4'
    list.addSubnet(network, Number(bits), netFamily)
    if (netFamily === family && list.check(ip, family)) return undefined
  }
  return `${host} resolves to ${address}, a private, loopback, link-local or metadata address`
}

const refused = (reason: string) => new ChorusError('tool.addressRefused', reason)

/** Refuses a literal IP host up front (a literal never goes through the lookup). */
export const checkLiteralHost = (host: string, policy: AddressPolicy) => {
  const bare = host.replace(/^\[|\]$/g, '')
  if (isIP(bare) === 0) return
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
