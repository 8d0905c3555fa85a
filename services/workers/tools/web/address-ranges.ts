import ipaddr from 'ipaddr.js'

/**
 * Cloud metadata and credential endpoints. They are refused even when an allowlist entry
 * covers their range: no tool has a reason to read instance credentials.
 */
const METADATA = new Map(
  [
    ['169.254.169.254', 'the cloud metadata service (AWS, GCP, Azure)'],
    ['169.254.170.2', 'the ECS task credentials endpoint'],
    ['169.254.170.23', 'the EKS Pod Identity agent'],
    ['fd00:ec2::254', 'the EC2 metadata service over IPv6'],
    ['fd00:ec2::23', 'the EKS Pod Identity agent over IPv6'],
    ['100.100.100.200', 'the Alibaba Cloud metadata service'],
  ].map(([address, name]) => [ipaddr.parse(address as string).toNormalizedString(), name as string]),
)

/** Ranges handled here rather than by `ipaddr.js`, because it names them differently or not at all. */
const EXTRA_IPV6: Record<string, [ipaddr.IPv6, number]> = {
  // RFC 3879: deprecated, yet some stacks still route it inside a site.
  siteLocal: ipaddr.IPv6.parseCIDR('fec0::/10'),
  // RFC 4291 §2.5.5.1: `::a.b.c.d`, deprecated; `::` and `::1` are named before this is tried.
  ipv4Compatible: ipaddr.IPv6.parseCIDR('::/96'),
}
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3')

/**
 * IPv6 forms that carry an IPv4 address a gateway or the kernel may translate to: refused whatever
 * that address is and whatever the allowlist says (the allowlist names IPv4 ranges directly).
 */
const EMBEDS_IPV4: Record<string, string> = {
  ipv4Mapped: 'IPv4-mapped, ::ffff:0:0/96',
  ipv4Compatible: 'IPv4-compatible, ::/96',
  rfc6145: 'IPv4-translated, RFC 6145',
  rfc6052: 'NAT64, 64:ff9b::/96 and 64:ff9b:1::/48',
  '6to4': '6to4, 2002::/16',
  teredo: 'Teredo, 2001::/32',
}

const NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private address (RFC 1918)',
  uniqueLocal: 'a unique-local address (fc00::/7)',
  siteLocal: 'a site-local address (fec0::/10)',
  benchmarking: 'a benchmarking address',
  reserved: 'a reserved address (documentation, benchmarking or future use)',
  nonGlobal: 'an IPv6 address outside global unicast (2000::/3)',
}

/** What the guard makes of one IP address. */
export type AddressVerdict =
  | { pass: true; range: 'unicast' }
  | {
      pass: false
      /** The `ipaddr.js` range name, or `metadata`, `siteLocal`, `ipv4Compatible`, `nonGlobal`. */
      range: string
      /** Words for the error message: what kind of address it is. */
      reason: string
      /** Whether an allowlist entry may still open it (never metadata endpoints nor IPv4-embedding forms). */
      overridable: boolean
    }

const refuse = (range: string, reason: string, overridable = true): AddressVerdict => ({
  pass: false,
  range,
  reason,
  overridable,
})

/** Parses an IP address, IPv6 zone dropped; undefined when the text is not a canonical IP address. */
export const parseAddress = (text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined => {
  const bare = text.replace(/^\[|\]$/g, '')
  if (!ipaddr.IPv4.isValidFourPartDecimal(bare) && !ipaddr.IPv6.isValid(bare)) return undefined
  const address = ipaddr.parse(bare)
  if (address.kind() === 'ipv6') (address as ipaddr.IPv6).zoneId = undefined
  return address
}

const rangeOf = (address: ipaddr.IPv4 | ipaddr.IPv6): string => {
  if (address.kind() === 'ipv4') return (address as ipaddr.IPv4).range()
  const v6 = address as ipaddr.IPv6
  const named: string = v6.range()
  if (named !== 'unicast') return named === 'deprecatedSiteLocal' ? 'siteLocal' : named
  const extra = ipaddr.subnetMatch(v6, EXTRA_IPV6, 'unicast')
  if (extra !== 'unicast') return extra
  return v6.match(GLOBAL_UNICAST) ? 'unicast' : 'nonGlobal'
}

/**
 * Classifies an IP address: only public unicast (IPv4) and global unicast (IPv6, 2000::/3, no
 * special-purpose range) pass; every range `ipaddr.js` names, site-local, and every IPv6 form
 * that embeds an IPv4 address are refused.
 *
 * @example verdictOf('::7f00:1') // { pass: false, range: 'ipv4Compatible', … }
 */
export const verdictOf = (text: string): AddressVerdict => {
  const address = parseAddress(text)
  if (!address) return refuse('invalid', `not an IP address: ${text}`, false)
  const metadata = METADATA.get(address.toNormalizedString())
  if (metadata) return refuse('metadata', `${metadata}, always refused`, false)
  const range = rangeOf(address)
  if (range === 'unicast') return { pass: true, range }
  const embedded = EMBEDS_IPV4[range]
  if (embedded)
    return refuse(
      range,
      `an IPv6 address embedding an IPv4 address (${embedded}); such forms are refused outright, whatever the IPv4 address and the allowlist`,
      false,
    )
  return refuse(range, NAMES[range] ?? `a special-purpose address (${range})`)
}
