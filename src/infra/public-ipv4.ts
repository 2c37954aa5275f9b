/**
 * How much of the public IPv4 internet a set of address ranges lets in: the measure behind "these
 * firewall rules open the cache to the internet" (EntraRedisCache refuses such rules without
 * `allowPublicNetworkAccess: true`; the policy pack's redis-network-access flags them).
 *
 * Public means globally reachable unicast: every IPv4 address outside the special-purpose blocks
 * below (the IANA IPv4 Special-Purpose Address Registry, RFC 6890 and its updates; multicast and the
 * former class E). A set of ranges is *internet-wide* when it covers at least
 * {@link INTERNET_WIDE_FRACTION} of that space, docs/security.md says why.
 */
import ipaddr from "ipaddr.js";

/**
 * The share of the public IPv4 space from which a set of firewall rules counts as opening to the
 * internet: one sixteenth, about 231 million addresses. The largest single allocations are /8s
 * (16.8 million, under 0.5% of the public space); rules covering fourteen of them filter nothing
 * anyone could name. 0.0.0.0/0, 0.0.0.0-255.255.255.255, 0.0.0.0/1 + 128.0.0.0/1, and
 * 1.0.0.0-223.255.255.255 are all far above it.
 */
export const INTERNET_WIDE_FRACTION = 1 / 16;

/** Blocks that are not public internet (network address, prefix length). */
const NOT_PUBLIC: ReadonlyArray<readonly [string, number]> = [
  ["0.0.0.0", 8], // "this network" (RFC 791)
  ["10.0.0.0", 8], // private (RFC 1918)
  ["100.64.0.0", 10], // shared address space, carrier-grade NAT (RFC 6598)
  ["127.0.0.0", 8], // loopback (RFC 1122)
  ["169.254.0.0", 16], // link local (RFC 3927)
  ["172.16.0.0", 12], // private (RFC 1918)
  ["192.0.0.0", 24], // IETF protocol assignments (RFC 6890)
  ["192.0.2.0", 24], // documentation TEST-NET-1 (RFC 5737)
  ["192.88.99.0", 24], // deprecated 6to4 relay anycast (RFC 7526)
  ["192.168.0.0", 16], // private (RFC 1918)
  ["198.18.0.0", 15], // benchmarking (RFC 2544)
  ["198.51.100.0", 24], // documentation TEST-NET-2 (RFC 5737)
  ["203.0.113.0", 24], // documentation TEST-NET-3 (RFC 5737)
  ["224.0.0.0", 4], // multicast (RFC 5771)
  ["240.0.0.0", 4], // reserved, and the limited broadcast address (RFC 1112, RFC 919)
];

/** An inclusive range of IPv4 addresses as numbers. */
type Span = readonly [first: number, last: number];

function toNumber(text: string): number {
  return ipaddr.IPv4.parse(text).octets.reduce((n, o) => n * 256 + o, 0);
}

const NOT_PUBLIC_SPANS: readonly Span[] = merge(
  NOT_PUBLIC.map(([network, bits]) => {
    const first = toNumber(network);
    return [first, first + 2 ** (32 - bits) - 1] as const;
  }),
);

/** Number of public IPv4 addresses (3,702,258,432). */
export const PUBLIC_IPV4_ADDRESSES = 2 ** 32 - NOT_PUBLIC_SPANS.reduce((n, [a, b]) => n + b - a + 1, 0);

/** Sorted, non-overlapping, non-adjacent spans covering the same addresses. */
function merge(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** How many addresses of `span` no span of `holes` (merged) covers. */
function outside(span: Span, holes: readonly Span[]): number {
  let n = span[1] - span[0] + 1;
  for (const [a, b] of holes) {
    const lo = Math.max(a, span[0]);
    const hi = Math.min(b, span[1]);
    if (lo <= hi) n -= hi - lo + 1;
  }
  return n;
}

/** What a set of ranges opens: public addresses covered and their share of the public space. */
export interface PublicIPv4Coverage {
  /** Public addresses inside at least one range (overlaps counted once). */
  addresses: number;
  /** `addresses` / {@link PUBLIC_IPV4_ADDRESSES}, 0..1. */
  fraction: number;
  /** Whether `fraction` reaches {@link INTERNET_WIDE_FRACTION}. */
  internetWide: boolean;
}

/**
 * The public IPv4 addresses that `ranges` (inclusive `[startIP, endIP]` in dotted decimal, already
 * checked) cover together. Ranges that are not two IPv4 addresses in order are skipped: the caller
 * checks their syntax, and an unknown one (during preview) can only add to the coverage.
 */
export function publicIPv4Coverage(ranges: ReadonlyArray<readonly [string, string]>): PublicIPv4Coverage {
  const spans: Span[] = [];
  for (const [start, end] of ranges) {
    if (!ipaddr.IPv4.isValidFourPartDecimal(start) || !ipaddr.IPv4.isValidFourPartDecimal(end)) continue;
    const span = [toNumber(start), toNumber(end)] as const;
    if (span[0] <= span[1]) spans.push(span);
  }
  const addresses = merge(spans).reduce((n, span) => n + outside(span, NOT_PUBLIC_SPANS), 0);
  const fraction = addresses / PUBLIC_IPV4_ADDRESSES;
  return { addresses, fraction, internetWide: fraction >= INTERNET_WIDE_FRACTION };
}

/** "37.5%" or "0.0012%": a share for a message, with enough digits to be non-zero when it is. */
export function formatShare(fraction: number): string {
  const percent = fraction * 100;
  if (percent >= 1 || percent === 0) return `${Number(percent.toFixed(1))}%`;
  const digits = Math.min(20, 1 - Math.floor(Math.log10(percent)));
  return `${percent.toFixed(digits).replace(/0+$/, "")}%`;
}
