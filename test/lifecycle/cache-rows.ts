/**
 * The transition matrix of EntraRedisCache: everyday edits of a deployed cache, each a version 1 and
 * a version 2 of the same program (both directions where the edit has one). Programs are built once
 * per mode and reused (harness.ts), so rows share their functions where they share a version.
 */
import { EntraRedisCache, adoptExisting, type EntraRedisCacheArgs } from "../../src/index.ts";
import {
  CACHE_ZONE_ID,
  later,
  OID1,
  OID2,
  OID3,
  onCall,
  RG,
  SUB,
  SUBNET_ID,
  VNET_ID,
} from "../infra/mocks.ts";
import type { Transition } from "./harness.ts";
import { asReleased010 } from "./legacy.ts";

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/logs`;
const API = { objectId: OID1, alias: "api" };
const WORKER = { objectId: OID2, alias: "worker", policy: "Data Reader" };
const READ_REPORTS = { name: "read-reports", permissions: "+@read ~reports:*" };

const base = (): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  location: "westeurope",
  sku: "Premium",
  capacity: 1,
  assignments: [API, WORKER],
  firewallRules: [{ name: "office", startIp: "203.0.113.10" }],
});

/** A program: one EntraRedisCache with `edit` applied to the base arguments. */
const cache =
  (edit: (a: EntraRedisCacheArgs) => EntraRedisCacheArgs = (a) => a) =>
  () =>
    new EntraRedisCache("c", edit(base()));
const withAssignments = (...assignments: EntraRedisCacheArgs["assignments"]) =>
  cache((a) => ({ ...a, assignments }));

const BASE = cache();
const OUTPUT_API = withAssignments({ ...API, objectId: later(OID1) }, WORKER);
const CUSTOM_API = cache((a) => ({
  ...a,
  customPolicies: [READ_REPORTS],
  assignments: [{ ...API, policy: "read-reports" }, WORKER],
}));
const PRIVATE = cache((a) => ({
  ...a,
  firewallRules: undefined,
  privateEndpoint: { subnetId: SUBNET_ID, virtualNetworkId: VNET_ID },
}));
// The existing cache `legacy`, as redis:getRedis returns it.
onCall((token, inputs) =>
  token === "azure-native:redis:getRedis" && inputs.name === "legacy"
    ? {
        id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/Redis/legacy`,
        name: "legacy",
        location: "westeurope",
        hostName: "legacy.redis.cache.windows.net",
        sslPort: 6380,
        port: 6379,
        redisVersion: "6.0.14",
        enableNonSslPort: false,
        minimumTlsVersion: "1.2",
        publicNetworkAccess: "Enabled",
        disableAccessKeyAuthentication: true,
        redisConfiguration: { aadEnabled: "true" },
        sku: { name: "Standard", family: "C", capacity: 1 },
      }
    : undefined,
);
const CACHE_ID = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/Redis/legacy`;

export const CACHE_ROWS: Transition[] = [
  { name: "no edit", v1: BASE, v2: BASE },
  { name: "alias renamed", v1: BASE, v2: withAssignments({ ...API, alias: "frontend" }, WORKER), both: true },
  { name: "list reordered", v1: BASE, v2: withAssignments(WORKER, API), both: true },
  {
    name: "policy built-in → built-in (Data Owner → Data Reader)",
    v1: withAssignments({ ...API, policy: "Data Owner" }, WORKER),
    v2: withAssignments({ ...API, policy: "Data Reader" }, WORKER),
    both: true,
  },
  {
    name: "policy default → built-in",
    v1: BASE,
    v2: withAssignments({ ...API, policy: "Data Owner" }, WORKER),
    both: true,
  },
  { name: "policy built-in → custom", v1: BASE, v2: CUSTOM_API, both: true },
  {
    name: "custom policy added, not yet used",
    v1: BASE,
    v2: cache((a) => ({ ...a, customPolicies: [READ_REPORTS] })),
    both: true,
  },
  {
    name: "custom policy edited while in use",
    v1: CUSTOM_API,
    v2: cache((a) => ({
      ...a,
      customPolicies: [{ ...READ_REPORTS, permissions: "+@read ~reports:* ~audit:*" }],
      assignments: [{ ...API, policy: "read-reports" }, WORKER],
    })),
    both: true,
  },
  {
    name: "custom policy renamed while in use",
    v1: CUSTOM_API,
    v2: cache((a) => ({
      ...a,
      customPolicies: [{ ...READ_REPORTS, name: "reports-reader" }],
      assignments: [{ ...API, policy: "reports-reader" }, WORKER],
    })),
    both: true,
  },
  {
    name: "custom policy removed while in use (its identity moved to a built-in policy)",
    v1: CUSTOM_API,
    v2: withAssignments({ ...API, policy: "Data Reader" }, WORKER),
  },
  {
    name: "identity added",
    v1: BASE,
    v2: withAssignments(API, WORKER, { objectId: OID3, alias: "jobs" }),
    both: true,
  },
  {
    name: "identity swapped behind an alias",
    v1: BASE,
    v2: withAssignments(API, { ...WORKER, objectId: OID3 }),
    both: true,
  },
  { name: "object id given as an Output", v1: BASE, v2: OUTPUT_API, both: true },
  {
    name: "firewall rule added",
    v1: BASE,
    v2: cache((a) => ({
      ...a,
      firewallRules: [...a.firewallRules!, { name: "vpn", cidr: "198.51.100.0/24" }],
    })),
    both: true,
  },
  {
    name: "firewall rule edited",
    v1: BASE,
    v2: cache((a) => ({
      ...a,
      firewallRules: [{ name: "office", startIp: "203.0.113.10", endIp: "203.0.113.20" }],
    })),
    both: true,
  },
  { name: "firewall rules → private endpoint", v1: BASE, v2: PRIVATE, both: true },
  {
    name: "private DNS zone created → given",
    v1: PRIVATE,
    v2: cache((a) => ({
      ...a,
      firewallRules: undefined,
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneId: CACHE_ZONE_ID },
    })),
    both: true,
  },
  {
    name: "diagnostics added",
    v1: BASE,
    v2: cache((a) => ({ ...a, diagnostics: { workspaceId: WORKSPACE } })),
    both: true,
  },
  {
    name: "role assignment added",
    v1: BASE,
    v2: cache((a) => ({ ...a, roleAssignments: [{ principalId: OID3, role: "Reader" }] })),
    both: true,
  },
  { name: "lock added", v1: BASE, v2: cache((a) => ({ ...a, lock: "CanNotDelete" })), both: true },
  {
    name: "identity added under a CanNotDelete lock",
    v1: cache((a) => ({ ...a, lock: "CanNotDelete" })),
    v2: cache((a) => ({
      ...a,
      lock: "CanNotDelete",
      assignments: [API, WORKER, { objectId: OID3, alias: "jobs" }],
    })),
  },
  {
    name: "identity removed under a CanNotDelete lock",
    v1: cache((a) => ({ ...a, lock: "CanNotDelete" })),
    v2: cache((a) => ({ ...a, lock: "CanNotDelete", assignments: [API] })),
    knownHazard: /CanNotDelete lock/,
  },
  {
    name: "patch schedule added",
    v1: BASE,
    v2: cache((a) => ({ ...a, patchSchedule: [{ dayOfWeek: "Sunday", startHourUtc: 2 }] })),
    both: true,
  },
  {
    name: "access keys off → on",
    v1: BASE,
    v2: cache((a) => ({ ...a, accessKeyAuthentication: true })),
    both: true,
  },
  {
    name: "system-assigned identity added",
    v1: BASE,
    v2: cache((a) => ({ ...a, identity: { systemAssigned: true } })),
    both: true,
  },
  { name: "tags added", v1: BASE, v2: cache((a) => ({ ...a, tags: { env: "prod" } })), both: true },
  { name: "capacity scaled up", v1: BASE, v2: cache((a) => ({ ...a, capacity: 2 })), both: true },
  {
    name: "geo-replication linked",
    v1: BASE,
    v2: cache((a) => ({
      ...a,
      geoReplication: {
        linkedCacheId: `/subscriptions/${SUB}/resourceGroups/rg-north/providers/Microsoft.Cache/Redis/orders-north`,
        linkedCacheLocation: "northeurope",
      },
    })),
    both: true,
  },
  {
    name: "an existing cache: identity added",
    v1: () =>
      new EntraRedisCache("e", {
        existingCache: { name: "legacy", resourceGroupName: RG },
        assignments: [API],
      }),
    v2: () =>
      new EntraRedisCache("e", {
        existingCache: { name: "legacy", resourceGroupName: RG },
        assignments: [API, WORKER],
      }),
    both: true,
  },
  {
    name: "an existing cache adopted (import)",
    v1: () => undefined,
    v2: () =>
      new EntraRedisCache(
        "a",
        { ...base(), cacheName: "legacy" },
        { transformations: [adoptExisting({ "a-redis": CACHE_ID })] },
      ),
  },
  {
    // A replacement (a new, empty cache): refused by name unless protectData: false (protect-rows.ts).
    name: "cache renamed (cacheName): refused, the cache is protected (protectData)",
    v1: cache((a) => ({ ...a, cacheName: "orders" })),
    v2: cache((a) => ({ ...a, cacheName: "orders2" })),
    knownHazard: /unable to replace resource \S+::c-redis as it is currently marked for protection/,
  },
];

/** Upgrading a stack an earlier release deployed (legacy.ts). */
export const CACHE_UPGRADE_ROWS: Transition[] = [
  { name: "upgrade from 0.1.0 (assignments keyed by alias)", v1: BASE, v2: BASE, v1State: asReleased010 },
  {
    name: "upgrade from 0.1.0 with a custom policy in use",
    v1: CUSTOM_API,
    v2: CUSTOM_API,
    v1State: asReleased010,
  },
  {
    name: "upgrade from 0.1.0 with an object id given as an Output",
    v1: OUTPUT_API,
    v2: OUTPUT_API,
    v1State: asReleased010,
  },
  {
    name: "upgrade from 0.1.0 and rename an alias in the same update (upgrade first, then rename)",
    v1: BASE,
    v2: withAssignments({ ...API, alias: "frontend" }, WORKER),
    v1State: asReleased010,
    knownHazard: /duplicate entries/,
  },
];
