/**
 * EntraRedisCache's network rules, refused before anything is registered: firewall rules (addresses,
 * ranges, CIDRs, names, internet-wide sets), the private endpoint's ids and zone, and the network
 * decision (no choice, rules with an endpoint, allowPublicNetworkAccess); Output ids when they resolve.
 */
import { describe } from "node:test";
import { CACHE_ZONE_ID, later, MANAGED_ZONE_ID, OID1, RG, SUBNET_ID, VNET_ID } from "../mocks.ts";
import {
  namer,
  cacheArgs,
  REDIS_CACHE,
  plainRuleTests,
  oneSentenceTest,
  outputRuleTests,
  type PlainCase,
  type OutputCase,
} from "../fixtures.ts";
import { type EntraRedisCacheArgs } from "../../../src/index.ts";

const next = namer("cache");
type Case = PlainCase<EntraRedisCacheArgs>;

const plainCases: Case[] = [
  [
    "a firewall rule that is not an object (was a TypeError)",
    () => ({ ...cacheArgs(), firewallRules: [null as never] }),
    "firewallRules[0]",
    /firewallRules\[0\] null is null, not a rule/,
  ],
  // Issue 19 item 13: wrong types refused by name.
  [
    "allowPublicNetworkAccess as a string",
    () => ({ ...cacheArgs(), allowPublicNetworkAccess: "true" as never }),
    "allowPublicNetworkAccess",
    /allowPublicNetworkAccess "true" is a string, not a boolean/,
  ],
  [
    "a firewall rule's cidr that is not a string (was a TypeError; found by the argument property test)",
    () => ({ ...cacheArgs(), firewallRules: [{ cidr: 24 as never }] }),
    "firewallRules[0].cidr",
    /firewallRules\[0\]\.cidr 24 is a number, not a string/,
  ],
  // Issue 19 item 4: rules that filter nothing open the cache to the internet.
  [
    "a 0.0.0.0/0 firewall rule without allowPublicNetworkAccess",
    () => ({ ...cacheArgs(), firewallRules: [{ startIp: "203.0.113.10" }, { cidr: "0.0.0.0/0" }] }),
    "firewallRules[1]",
    /firewallRules\[1\] "0\.0\.0\.0-255\.255\.255\.255" lets in 100% of the public IPv4 internet, which opens the cache to it .*; narrow the rules .*or set allowPublicNetworkAccess: true/,
  ],
  [
    "a 0.0.0.0-255.255.255.255 range",
    () => ({ ...cacheArgs(), firewallRules: [{ startIp: "0.0.0.0", endIp: "255.255.255.255" }] }),
    "firewallRules[0]",
    /lets in 100% of the public IPv4 internet/,
  ],
  [
    "two /1 halves",
    () => ({ ...cacheArgs(), firewallRules: [{ cidr: "0.0.0.0/1" }, { cidr: "128.0.0.0/1" }] }),
    "firewallRules[0]",
    /firewallRules\[0\] "0\.0\.0\.0-127\.255\.255\.255" lets in 56\.5% of the public IPv4 internet/,
  ],
  [
    "sixteen /8 rules, none wide alone, together over 1/16 of the public space",
    () => ({
      ...cacheArgs(),
      firewallRules: Array.from({ length: 16 }, (_, i) => ({ cidr: `${i + 1}.0.0.0/8` })),
    }),
    "firewallRules",
    /firewallRules "16 rules" together let in 6\.8% of the public IPv4 internet, which opens the cache to it \(rules covering 1\/16 of it or more filter nothing\)/,
  ],
  [
    "internet-wide rules with a private endpoint and allowPublicNetworkAccess: false",
    () => ({
      ...cacheArgs(),
      firewallRules: [{ cidr: "1.0.0.0/8" }, { startIp: "2.0.0.0", endIp: "223.255.255.255" }],
      allowPublicNetworkAccess: false,
    }),
    "firewallRules[1]",
    /firewallRules\[1\] "2\.0\.0\.0-223\.255\.255\.255" lets in 99\.5% of the public IPv4 internet/,
  ],
  [
    "IPv4 address invalid",
    () => ({ ...cacheArgs(), firewallRules: [{ startIp: "300.1.2.3" }] }),
    "firewallRules[0].startIp",
    /"300.1.2.3" is not an IPv4 address/,
  ],
  [
    "endIp invalid",
    () => ({ ...cacheArgs(), firewallRules: [{ startIp: "10.0.0.1", endIp: "10.0.0" }] }),
    "firewallRules[0].endIp",
    /is not an IPv4 address/,
  ],
  [
    "IPv6 address",
    () => ({ ...cacheArgs(), firewallRules: [{ startIp: "2001:db8::1" }] }),
    "firewallRules[0].startIp",
    /is an IPv6 address; .*IPv4 addresses only/,
  ],
  [
    "start after end",
    () => ({ ...cacheArgs(), firewallRules: [{ startIp: "10.0.0.9", endIp: "10.0.0.1" }] }),
    "firewallRules[0].startIp",
    /comes after endIp "10.0.0.1"; swap them/,
  ],
  [
    "CIDR prefix out of range",
    () => ({ ...cacheArgs(), firewallRules: [{ cidr: "10.0.0.0/33" }] }),
    "firewallRules[0].cidr",
    /is not an IPv4 CIDR block/,
  ],
  [
    "CIDR with host bits",
    () => ({ ...cacheArgs(), firewallRules: [{ cidr: "10.0.0.5/24" }] }),
    "firewallRules[0].cidr",
    /has host bits set; use the network address "10.0.0.0\/24"/,
  ],
  [
    "CIDR together with startIp",
    () => ({ ...cacheArgs(), firewallRules: [{ cidr: "10.0.0.0/24", startIp: "10.0.0.1" }] }),
    "firewallRules[0].cidr",
    /together with startIp/,
  ],
  [
    "rule with no address",
    () => ({ ...cacheArgs(), firewallRules: [{ name: "empty" }] }),
    "firewallRules[0]",
    /has neither startIp nor cidr/,
  ],
  [
    "rule name with a hyphen",
    () => ({ ...cacheArgs(), firewallRules: [{ name: "office-vpn", startIp: "10.0.0.1" }] }),
    "firewallRules[0].name",
    /"office-vpn" is not a valid firewall rule name/,
  ],
  [
    "duplicate rule names",
    () => ({ ...cacheArgs(), firewallRules: [{ startIp: "10.0.0.1" }, { startIp: "10.0.0.1" }] }),
    "firewallRules[1].name",
    /is already used by firewallRules\[0\]/,
  ],
  [
    "no network choice",
    () => ({ resourceGroupName: RG, assignments: [{ objectId: OID1, alias: "app" }] }),
    "privateEndpoint",
    /is missing and no other network access is chosen; choose privateEndpoint .*firewallRules .*allowPublicNetworkAccess: true/,
  ],
  [
    "an empty rule list is no network choice",
    () => ({ ...cacheArgs(), firewallRules: [] }),
    "privateEndpoint",
    /no other network access is chosen/,
  ],
  [
    "allowPublicNetworkAccess false alone",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      allowPublicNetworkAccess: false,
    }),
    "privateEndpoint",
    /no other network access is chosen/,
  ],
  [
    "privateEndpoint without zone or VNet",
    () => ({ ...cacheArgs(), firewallRules: undefined, privateEndpoint: { subnetId: SUBNET_ID } }),
    "privateEndpoint.privateDnsZoneId",
    /is missing and so is virtualNetworkId/,
  ],
  [
    "privateEndpoint with both zone and VNet",
    () => ({
      ...cacheArgs(),
      firewallRules: undefined,
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID, virtualNetworkId: VNET_ID },
    }),
    "privateEndpoint.virtualNetworkId",
    /together with privateDnsZoneId/,
  ],
  [
    "privateEndpoint with firewallRules",
    () => ({ ...cacheArgs(), privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID } }),
    "firewallRules",
    /are given together with privateEndpoint; .*allowPublicNetworkAccess: true/,
  ],
  [
    "firewallRules with allowPublicNetworkAccess false",
    () => ({ ...cacheArgs(), allowPublicNetworkAccess: false }),
    "allowPublicNetworkAccess",
    /turns public access off while firewallRules are given/,
  ],
];

describe("EntraRedisCache input rules (plain values)", () => {
  plainRuleTests(REDIS_CACHE, next, plainCases);
  oneSentenceTest(REDIS_CACHE, next, plainCases);
});

const outputCases: OutputCase<EntraRedisCacheArgs>[] = [
  [
    "subnetId Output that is a VNet id",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: later(VNET_ID), virtualNetworkId: VNET_ID },
    }),
    /privateEndpoint\.subnetId .* is not a subnet resource id/,
  ],
  [
    "privateDnsZoneId Output of the Managed Redis zone",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: later(MANAGED_ZONE_ID) },
    }),
    /privateEndpoint\.privateDnsZoneId .* is the zone "privatelink.redis.azure.net", not "privatelink.redis.cache.windows.net"/,
  ],
  [
    "privateDnsZoneId Output not a zone id",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: {
        subnetId: SUBNET_ID,
        privateDnsZoneId: later("privatelink.redis.cache.windows.net"),
      },
    }),
    /is not a private DNS zone resource id/,
  ],
  [
    "virtualNetworkId Output that is a subnet id",
    () => ({
      resourceGroupName: RG,
      assignments: [{ objectId: OID1, alias: "app" }],
      privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: later(SUBNET_ID) },
    }),
    /privateEndpoint\.virtualNetworkId .* is not a virtual network resource id/,
  ],
];

describe("EntraRedisCache input rules (Output values)", () => {
  outputRuleTests(REDIS_CACHE, next, outputCases);
});
