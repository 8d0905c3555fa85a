import { describe, expect, it } from 'vitest'
import { isChorusError } from '#platform/errors/index.ts'
import { type AddressPolicy, checkLiteralHost, guardedLookup, refusalOf } from './address-policy.ts'
import { verdictOf } from './address-ranges.ts'

/** One row per range: a sample address and what the guard must make of it. */
const RANGES: [range: string, sample: string, expected: 'pass' | string][] = [
  // IPv4
  ['public unicast', '8.8.8.8', 'pass'],
  ['public unicast next to 172.16/12', '172.32.0.1', 'pass'],
  ['public unicast next to CGNAT', '100.128.0.1', 'pass'],
  ['unspecified 0.0.0.0/8', '0.0.0.0', 'unspecified'],
  ['unspecified 0.0.0.0/8, not zero', '0.1.2.3', 'unspecified'],
  ['loopback 127.0.0.0/8', '127.0.0.1', 'loopback'],
  ['loopback, top of the range', '127.255.255.254', 'loopback'],
  ['private 10.0.0.0/8', '10.0.0.7', 'private'],
  ['private 172.16.0.0/12', '172.31.255.1', 'private'],
  ['private 192.168.0.0/16', '192.168.1.1', 'private'],
  ['link-local 169.254.0.0/16', '169.254.1.1', 'linkLocal'],
  ['AWS/GCP/Azure metadata', '169.254.169.254', 'metadata'],
  ['ECS task credentials', '169.254.170.2', 'metadata'],
  ['Alibaba metadata', '100.100.100.200', 'metadata'],
  ['carrier-grade NAT 100.64.0.0/10', '100.64.0.1', 'carrierGradeNat'],
  ['IETF protocol assignments 192.0.0.0/24', '192.0.0.8', 'reserved'],
  ['documentation TEST-NET-1', '192.0.2.1', 'reserved'],
  ['documentation TEST-NET-2', '198.51.100.1', 'reserved'],
  ['documentation TEST-NET-3', '203.0.113.1', 'reserved'],
  ['benchmarking 198.18.0.0/15', '198.19.0.1', 'reserved'],
  ['future use 240.0.0.0/4', '240.0.0.1', 'reserved'],
  ['broadcast', '255.255.255.255', 'broadcast'],
  ['multicast 224.0.0.0/4', '224.0.0.251', 'multicast'],
  ['AS112 anycast', '192.175.48.1', 'as112'],
  ['AMT relay anycast', '192.52.193.1', 'amt'],
  // IPv6
  ['global unicast', '2606:4700:4700::1111', 'pass'],
  ['global unicast, another RIR', '2a00:1450:4001::1', 'pass'],
  ['unspecified ::', '::', 'unspecified'],
  ['loopback ::1', '::1', 'loopback'],
  ['IPv4-compatible ::7f00:1', '::7f00:1', 'ipv4Compatible'],
  ['IPv4-compatible of the metadata address', '::a9fe:a9fe', 'ipv4Compatible'],
  ['IPv4-compatible, low', '::2', 'ipv4Compatible'],
  ['IPv4-mapped of loopback', '::ffff:127.0.0.1', 'ipv4Mapped'],
  ['IPv4-mapped of a public address', '::ffff:8.8.8.8', 'ipv4Mapped'],
  ['IPv4-translated RFC 6145', '::ffff:0:7f00:1', 'rfc6145'],
  ['NAT64 64:ff9b::/96', '64:ff9b::7f00:1', 'rfc6052'],
  ['local NAT64 64:ff9b:1::/48', '64:ff9b:1::a00:1', 'rfc6052'],
  ['6to4 2002::/16', '2002:7f00:1::', '6to4'],
  ['Teredo 2001::/32', '2001:0:4136:e378::1', 'teredo'],
  ['link-local fe80::/10', 'fe80::1', 'linkLocal'],
  ['link-local with a zone', 'fe80::1%eth0', 'linkLocal'],
  ['site-local fec0::/10', 'fec0::1', 'siteLocal'],
  ['site-local, top of the range', 'feff::1', 'siteLocal'],
  ['unique-local fc00::/7', 'fc00::1', 'uniqueLocal'],
  ['unique-local fd00::/8', 'fd12:3456::1', 'uniqueLocal'],
  ['EC2 metadata over IPv6', 'fd00:ec2::254', 'metadata'],
  ['EKS Pod Identity over IPv6', 'fd00:ec2::23', 'metadata'],
  ['multicast ff00::/8', 'ff02::1', 'multicast'],
  ['discard 100::/64', '100::1', 'discard'],
  ['benchmarking 2001:2::/48', '2001:2::1', 'benchmarking'],
  ['documentation 2001:db8::/32', '2001:db8::1', 'reserved'],
  ['documentation 3fff::/20', '3fff::1', 'reserved'],
  ['ORCHIDv2', '2001:20::1', 'orchid2'],
  ['segment routing 5f00::/16', '5f00::1', 'segmentRouting'],
  ['outside 2000::/3', '4000::1', 'nonGlobal'],
  ['outside 2000::/3, low', '1::1', 'nonGlobal'],
]

describe('verdictOf', () => {
  it.each(RANGES)('%s (%s) → %s', (_, sample, expected) => {
    const verdict = verdictOf(sample)
    expect(verdict.pass ? 'pass' : verdict.range).toBe(expected)
  })

  it('says that IPv4-embedding forms are refused outright', () => {
    for (const sample of ['::7f00:1', '64:ff9b::808:808', '2002:808:808::', '::ffff:8.8.8.8'])
      expect(verdictOf(sample)).toMatchObject({
        pass: false,
        reason: expect.stringMatching(/refused outright/),
      })
  })

  it('refuses text that is not a canonical IP address', () => {
    for (const sample of ['127.1', '0x7f.0.0.1', '010.0.0.1', 'localhost', ''])
      expect(verdictOf(sample)).toMatchObject({ pass: false, range: 'invalid' })
  })
})

describe('refusalOf with an allowlist', () => {
  const cases: [what: string, address: string, host: string, allow: string[], refused: boolean][] = [
    ['a CIDR range opens loopback', '127.0.0.1', 'localhost', ['127.0.0.0/8'], false],
    ['a CIDR range of the other family does not', '127.0.0.1', 'localhost', ['::/0'], true],
    ['an IPv6 CIDR range opens unique-local', 'fd12::1', 'svc.internal', ['fd12::/16'], false],
    ['a host name opens whatever it resolves to', '10.0.0.7', 'wiki.internal', ['wiki.internal'], false],
    [
      'a host name matches without case or trailing dot',
      '10.0.0.7',
      'Wiki.Internal.',
      ['wiki.internal'],
      false,
    ],
    ['another host name does not', '10.0.0.7', 'evil.example', ['wiki.internal'], true],
    ['a bare IP opens exactly that address', '10.0.0.7', 'x.internal', ['10.0.0.7'], false],
    ['a bare IP opens no neighbour', '10.0.0.8', 'x.internal', ['10.0.0.7'], true],
    ['an invalid CIDR opens nothing', '10.0.0.7', 'x.internal', ['10.0.0.0/99'], true],
    [
      'metadata stays refused under a covering range',
      '169.254.169.254',
      'x.internal',
      ['169.254.0.0/16'],
      true,
    ],
    [
      'metadata stays refused under its host name',
      '169.254.169.254',
      'metadata.internal',
      ['metadata.internal'],
      true,
    ],
    ['IPv6 metadata stays refused', 'fd00:ec2::254', 'x.internal', ['fd00::/8'], true],
    ['IPv4-mapped stays refused under ::/0', '::ffff:127.0.0.1', 'x.internal', ['::/0'], true],
    ['NAT64 stays refused under its own range', '64:ff9b::7f00:1', 'x.internal', ['64:ff9b::/96'], true],
    ['a public address needs no allowlist', '8.8.8.8', 'dns.google', [], false],
  ]
  it.each(cases)('%s', (_, address, host, allow, refused) => {
    const policy: AddressPolicy = { allow }
    expect(refusalOf(address, host, policy) !== undefined).toBe(refused)
  })

  it('names the host, the address and the kind of address', () => {
    expect(refusalOf('10.0.0.7', 'wiki.internal')).toBe(
      'wiki.internal resolves to 10.0.0.7, a private address (RFC 1918)',
    )
    expect(refusalOf('fec0::1', '[fec0::1]')).toBe('[fec0::1] is a site-local address (fec0::/10)')
  })
})

describe('checkLiteralHost', () => {
  it.each([
    '127.0.0.1',
    '[::1]',
    '[::7f00:1]',
    '[64:ff9b::7f00:1]',
    '[2002:7f00:1::]',
    '[fec0::1]',
    '[::ffff:7f00:1]',
  ])('refuses the literal %s', (host) => {
    let caught: unknown
    try {
      checkLiteralHost(host, {})
    } catch (error) {
      caught = error
    }
    expect(isChorusError(caught) && caught.code).toBe('tool.addressRefused')
  })

  it('lets a public literal and a name through (names are checked at lookup)', () => {
    expect(() => checkLiteralHost('8.8.8.8', {})).not.toThrow()
    expect(() => checkLiteralHost('[2606:4700:4700::1111]', {})).not.toThrow()
    expect(() => checkLiteralHost('example.com', {})).not.toThrow()
  })
})

describe('guardedLookup', () => {
  const resolve = (host: string, policy: AddressPolicy) =>
    new Promise<{ error: unknown; address: unknown }>((done) =>
      guardedLookup(policy)(host, { all: false }, (error, address) => done({ error, address })),
    )

  it('refuses a name that resolves to loopback', async () => {
    const { error } = await resolve('localhost', {})
    expect(isChorusError(error) && error.code).toBe('tool.addressRefused')
  })

  it('hands back the resolved address when the allowlist names the host', async () => {
    const { error, address } = await resolve('localhost', { allow: ['localhost'] })
    expect(error).toBeNull()
    expect(['127.0.0.1', '::1']).toContain(address)
  })
})
