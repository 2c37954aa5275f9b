/**
 * `protectData` (src/infra/protect-data.ts) on a deployed stack: the edits that can only be made by
 * replacing the cache, cluster or database (a new, empty one) are refused by the engine, naming the
 * resource, until the user opts in with `protectData: false`; removing a component takes two
 * updates; upgrading to a release with protectData changes nothing in Azure. Each row asserts its
 * hazards exactly (harness.ts).
 */
import {
  EntraManagedRedis,
  EntraRedisCache,
  type EntraManagedRedisArgs,
  type EntraRedisCacheArgs,
} from "../../src/index.ts";
import { OID1, OID2, onCall, RG, SUB } from "../infra/mocks.ts";
import type { Transition } from "./harness.ts";
import type { Registration } from "../../src/internal/engine-steps/model.ts";

const ASSIGNMENTS = [
  { objectId: OID1, alias: "api" },
  { objectId: OID2, alias: "worker", policy: "Data Reader" },
];
const NOTHING = () => undefined;
// The existing cache `legacy`, as redis:getRedis returns it.
onCall((token, inputs) =>
  token === "azure-native:redis:getRedis" && inputs.name === "legacy"
    ? {
        id: `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Cache/Redis/legacy`,
        name: "legacy",
        location: "westeurope",
        hostName: "legacy.redis.cache.windows.net",
        sslPort: 6380,
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

/** The state a release without protectData left: nothing protected. */
const unprotected = (regs: Registration[]): Registration[] => regs.map(({ protect: _, ...r }) => r);

const cacheArgs = (): EntraRedisCacheArgs => ({
  resourceGroupName: RG,
  location: "westeurope",
  cacheName: "orders",
  assignments: ASSIGNMENTS,
  firewallRules: [{ name: "office", startIp: "203.0.113.10" }],
});
const cache =
  (edit: (a: EntraRedisCacheArgs) => EntraRedisCacheArgs = (a) => a, opts = {}) =>
  () =>
    new EntraRedisCache("c", edit(cacheArgs()), opts);

const CACHE = cache();
const CACHE_OPTED_OUT = cache((a) => ({ ...a, protectData: false }));
const CACHE_RENAMED = cache((a) => ({ ...a, cacheName: "orders2" }));
const CACHE_MOVED = cache((a) => ({ ...a, resourceGroupName: "rg-other" }));

export const CACHE_PROTECT_ROWS: Transition[] = [
  {
    name: "cacheName changed: refused by name (protectData, the default)",
    v1: CACHE,
    v2: CACHE_RENAMED,
    hazards: ["engine c-redis"],
  },
  {
    name: "cacheName changed with protectData: false: the cache is replaced (the opt-in)",
    v1: CACHE,
    v2: cache((a) => ({ ...a, cacheName: "orders2", protectData: false })),
    hazards: ["replaced c-redis"],
  },
  {
    name: "resourceGroupName changed: refused by name",
    v1: CACHE,
    v2: CACHE_MOVED,
    hazards: ["engine c-redis"],
  },
  {
    name: "resourceGroupName changed with protectData: false: the cache is replaced",
    v1: CACHE,
    v2: cache((a) => ({ ...a, resourceGroupName: "rg-other", protectData: false })),
    hazards: ["replaced c-redis"],
  },
  {
    name: "protectData: false and back: state only",
    v1: CACHE,
    v2: CACHE_OPTED_OUT,
    both: true,
    steps: [],
  },
  {
    name: "component removed in one update: refused by name",
    v1: CACHE,
    v2: NOTHING,
    hazards: ["engine c-redis"],
  },
  {
    name: "component removed, second update (after protectData: false)",
    v1: CACHE_OPTED_OUT,
    v2: NOTHING,
    hazards: [],
  },
  {
    name: "protect on the component and protectData: false: the cache stays protected (inherited)",
    v1: cache((a) => ({ ...a, protectData: false }), { protect: true }),
    v2: cache((a) => ({ ...a, cacheName: "orders2", protectData: false }), { protect: true }),
    // The cache and every child replaced with it (their cacheName changes) are refused.
    hazards: [
      "engine c-redis",
      "engine c-fw-office",
      `engine c-assignment-${OID1}`,
      `engine c-assignment-${OID2}`,
    ],
  },
  {
    name: "an existing cache (existingCache) removed: nothing protected, the component never deletes the cache",
    v1: () =>
      new EntraRedisCache("e", {
        existingCache: { name: "legacy", resourceGroupName: RG },
        assignments: ASSIGNMENTS,
      }),
    v2: NOTHING,
    hazards: [],
  },
];

/** Upgrading to the release with protectData. */
export const CACHE_PROTECT_UPGRADE_ROWS: Transition[] = [
  {
    name: "upgrade to protectData: the cache becomes protected, state only",
    v1: CACHE,
    v2: CACHE,
    v1State: unprotected,
    steps: [],
  },
  {
    name: "upgrade and rename the cache in the same update: not yet refused (the state isn't protected)",
    v1: CACHE,
    v2: CACHE_RENAMED,
    v1State: unprotected,
    hazards: ["replaced c-redis"],
  },
];

const managedArgs = (): EntraManagedRedisArgs => ({
  resourceGroupName: RG,
  location: "westeurope",
  clusterName: "orders",
  sku: "Balanced_B3",
  assignments: ASSIGNMENTS,
  allowPublicNetworkAccess: true,
});
const managed =
  (edit: (a: EntraManagedRedisArgs) => EntraManagedRedisArgs = (a) => a) =>
  () =>
    new EntraManagedRedis("m", edit(managedArgs()));

const MANAGED = managed();
const MANAGED_OPTED_OUT = managed((a) => ({ ...a, protectData: false }));

export const MANAGED_PROTECT_ROWS: Transition[] = [
  {
    name: "clusteringPolicy changed: refused by name (protectData, the default)",
    v1: MANAGED,
    v2: managed((a) => ({ ...a, clusteringPolicy: "EnterpriseCluster" })),
    hazards: ["engine m-db"],
  },
  {
    name: "clusteringPolicy changed with protectData: false: the database is replaced (the opt-in)",
    v1: MANAGED,
    v2: managed((a) => ({ ...a, clusteringPolicy: "EnterpriseCluster", protectData: false })),
    // The database keeps its name ("default"): deleted first, its assignments with it, until the
    // new one and its assignments exist.
    hazards: ["replaced m-db", "access-lost ", "access-lost "],
  },
  {
    name: "clusterName changed: refused by name",
    v1: MANAGED,
    v2: managed((a) => ({ ...a, clusterName: "orders2" })),
    hazards: ["engine m-cluster", "engine m-db"],
  },
  {
    name: "clusterName changed with protectData: false: cluster and database replaced",
    v1: MANAGED,
    v2: managed((a) => ({ ...a, clusterName: "orders2", protectData: false })),
    hazards: ["replaced m-cluster", "replaced m-db"],
  },
  {
    name: "resourceGroupName changed: refused by name",
    v1: MANAGED,
    v2: managed((a) => ({ ...a, resourceGroupName: "rg-other" })),
    hazards: ["engine m-cluster", "engine m-db"],
  },
  {
    name: "protectData: false and back: state only",
    v1: MANAGED,
    v2: MANAGED_OPTED_OUT,
    both: true,
    steps: [],
  },
  {
    name: "component removed in one update: refused by name",
    v1: MANAGED,
    v2: NOTHING,
    hazards: ["engine m-cluster", "engine m-db"],
  },
  {
    name: "component removed, second update (after protectData: false)",
    v1: MANAGED_OPTED_OUT,
    v2: NOTHING,
    hazards: [],
  },
];

export const MANAGED_PROTECT_UPGRADE_ROWS: Transition[] = [
  {
    name: "upgrade to protectData: cluster and database become protected, state only",
    v1: MANAGED,
    v2: MANAGED,
    v1State: unprotected,
    steps: [],
  },
];
