/** DNS and address classification for `doctor`. */
import { lookup, resolveCname } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { azureServiceOf } from "./host-names.ts";

/** One resolved address and what kind of network it is on. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
  /** ipaddr.js range name: "private", "loopback", "unicast" (public), "uniqueLocal", ... */
  range: string;
  isPublic: boolean;
}

/** Classifies one IP address. */
export function classifyAddress(address: string): ResolvedAddress {
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  return { address, family: parsed.kind() === "ipv4" ? 4 : 6, range, isPublic: range === "unicast" };
}

/** Resolves a host name (or passes an IP through) with its CNAME chain when there is one. */
export async function resolveHost(host: string): Promise<{ addresses: ResolvedAddress[]; cnames: string[] }> {
  if (ipaddr.isValid(host)) return { addresses: [classifyAddress(host)], cnames: [] };
  const all = await lookup(host, { all: true });
  let cnames: string[];
  try {
    cnames = await resolveCname(host);
  } catch {
    cnames = [];
  }
  return { addresses: all.map((a) => classifyAddress(a.address)), cnames };
}

/**
 * The TLS port a host name implies: 10000 for Azure Managed Redis (and the retired Enterprise tiers),
 * 6380 for Azure Cache for Redis and any other name.
 */
export function defaultPort(host: string): number {
  return azureServiceOf(host) === "managed" ? 10000 : 6380;
}
