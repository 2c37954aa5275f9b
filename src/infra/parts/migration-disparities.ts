/**
 * The disparities between a source cache and the Managed Redis instance `migrateFrom` moves it to that
 * the package can know before anything runs, as rules: Azure's migration validation would call them
 * errors (it refuses to migrate) or warnings (it migrates, something changes), docs/azure-facts.md,
 * "Migration to Azure Managed Redis". Errors are refused at construction, naming the field and the fix;
 * warnings are logged once. Each rule is one row: what it looks at, when it applies, what to do.
 */
import type { MigrationSource } from "./migration-source.ts";
import type { ClusteringPolicy } from "../types.ts";

/** What the rules know about the Managed Redis instance (its arguments, resolved). */
export interface MigrationTargetFacts {
  clusteringPolicy: ClusteringPolicy;
  /** Plain location, when known at construction. */
  location?: string;
  highAvailability: boolean;
  persistence: boolean;
  identity: boolean;
  privateEndpoint: boolean;
  allowPublicNetworkAccess: boolean;
  accessKeyAuthentication: boolean;
  switchDns: boolean;
  /** Source aliases the target's own `assignments` leave out (empty when they were taken from the source). */
  missingAliases: string[];
}

/** One disparity found. */
export interface MigrationDisparity {
  rule: string;
  level: "error" | "warning";
  /** The argument to change (for the error message). */
  field: string;
  problem: string;
  fix: string;
}

interface Rule {
  rule: string;
  level: "error" | "warning";
  field: string;
  applies(s: MigrationSource, t: MigrationTargetFacts): boolean;
  problem(s: MigrationSource, t: MigrationTargetFacts): string;
  fix: string;
}

const SIDE_BY_SIDE = "or move side by side instead (docs/migration.md, the manual path)";

/** Every rule, errors first. */
export const MIGRATION_RULES: readonly Rule[] = [
  {
    rule: "private-endpoint",
    level: "error",
    field: "migrateFrom.cacheId",
    applies: (s) => s.privateEndpoint,
    problem: (s) =>
      `names EntraRedisCache "${s.componentName}", which has a private endpoint: Azure's migration refuses caches with private endpoints`,
    fix: `remove the cache's privateEndpoint first (its own update, with allowPublicNetworkAccess and firewall rules for the apps meanwhile), ${SIDE_BY_SIDE}`,
  },
  {
    rule: "geo-replication",
    level: "error",
    field: "migrateFrom.cacheId",
    applies: (s) => s.geoReplication,
    problem: (s) =>
      `names EntraRedisCache "${s.componentName}", which is geo-replicated: Azure's migration refuses geo-replicated caches`,
    fix: `unlink the cache's geoReplication first, ${SIDE_BY_SIDE}`,
  },
  {
    rule: "region",
    level: "error",
    field: "location",
    applies: (s, t) =>
      typeof s.location === "string" &&
      t.location !== undefined &&
      s.location.replaceAll(" ", "").toLowerCase() !== t.location.replaceAll(" ", "").toLowerCase(),
    problem: (s, t) =>
      `"${String(t.location)}" differs from the cache's region "${String(s.location)}": Azure migrates within one region`,
    fix: "create the Managed Redis instance in the cache's region",
  },
  {
    rule: "identities",
    level: "error",
    field: "assignments",
    applies: (_s, t) => t.missingAliases.length > 0,
    problem: (_s, t) =>
      `leaves out ${t.missingAliases.map((a) => `"${a}"`).join(", ")} of the cache: those apps would lose access at the switch`,
    fix: "add them (or leave assignments out: the cache's identities are then given the same rights)",
  },
  {
    rule: "public-access",
    level: "error",
    field: "allowPublicNetworkAccess",
    applies: (_s, t) => t.switchDns && t.privateEndpoint && !t.allowPublicNetworkAccess,
    problem: () =>
      "is off while migrateFrom.switchDns is true: the cache is reached publicly (Azure migrates no cache with a private endpoint), so every app would be cut at the switch; the private DNS zone privatelink.redis.azure.net holds only the new host name",
    fix: "set allowPublicNetworkAccess: true for the switch and turn it off once the apps use the private endpoint, or keep switchDns false",
  },
  {
    rule: "clustering",
    level: "warning",
    field: "clusteringPolicy",
    applies: (s, t) => s.clustered !== (t.clusteringPolicy === "OSSCluster"),
    problem: (s, t) =>
      s.clustered
        ? `"${t.clusteringPolicy}" is not OSS clustering and the cache is clustered: its apps' cluster clients need a non-cluster client after the switch`
        : `"OSSCluster" is OSS clustering and the cache is not clustered: after the switch its apps need a cluster-aware client (connectIoredisCluster, connectNodeRedisCluster)`,
    fix: 'use clusteringPolicy "EnterpriseCluster" (one endpoint; or "NoCluster" up to 25 GB) to keep non-cluster clients, "OSSCluster" to keep cluster clients, or move the apps to the matching client before the switch',
  },
  {
    rule: "firewall",
    level: "warning",
    field: "migrateFrom.cacheId",
    applies: (s) => s.firewallRules > 0,
    problem: (s) =>
      `names a cache with ${s.firewallRules} firewall rule(s): Azure Managed Redis has no IP firewall, they are not copied`,
    fix: "the instance is then open to every address (Entra ID still required) while the apps use the cache's name; restrict it with privateEndpoint once they use the new name",
  },
  {
    rule: "persistence",
    level: "warning",
    field: "persistence",
    applies: (s, t) => s.persistence && !t.persistence,
    problem: () => "is not set and the cache persists its data: persistence settings are not copied",
    fix: 'set persistence ({ rdbEnabled: true, rdbFrequency: "6h" } or { aofEnabled: true })',
  },
  {
    rule: "identity",
    level: "warning",
    field: "identity",
    applies: (s, t) => s.identity && !t.identity,
    problem: () => "is not set and the cache has a managed identity: managed identities are not copied",
    fix: "set identity (and give it the roles the cache's identity had)",
  },
  {
    rule: "high-availability",
    level: "warning",
    field: "highAvailability",
    applies: (s, t) => !s.basic && !t.highAvailability,
    problem: () =>
      "is false and the cache is replicated (Standard or Premium): the migrated data has no replica",
    fix: "leave highAvailability on (the default) unless the cache was only for development",
  },
  {
    rule: "access-keys",
    level: "warning",
    field: "accessKeyAuthentication",
    applies: (s, t) => s.accessKeyAuthentication && !t.accessKeyAuthentication,
    problem: () =>
      "is off and the cache accepts access keys: apps that still use a key are refused after the switch",
    fix: "move those apps to Entra ID first (docs/client.md), or set accessKeyAuthentication: true until they are",
  },
  {
    rule: "patch-schedule",
    level: "warning",
    field: "migrateFrom.cacheId",
    applies: (s) => s.patchSchedule,
    problem: () => "names a cache with a patchSchedule: update schedules are not copied",
    fix: "plan Managed Redis maintenance separately (its scheduled updates are in preview)",
  },
  {
    rule: "keyspace-notifications",
    level: "warning",
    field: "migrateFrom.cacheId",
    applies: (s) => s.keyspaceNotifications,
    problem: () =>
      "names a cache with keyspace notifications (keyspaceNotifications or redisConfiguration.notifyKeyspaceEvents): Azure's migration doesn't copy them, and EntraManagedRedis doesn't set them",
    fix: "move what listens to __keyevent@/__keyspace@ channels to another mechanism before the switch",
  },
  {
    rule: "databases",
    level: "warning",
    field: "migrateFrom.cacheId",
    applies: (s) => s.databases,
    problem: () => "names a cache with more than one database: only database 0 is migrated",
    fix: "move the data of the other databases into database 0 (key prefixes) first",
  },
  {
    rule: "adopted",
    level: "warning",
    field: "migrateFrom.cacheId",
    applies: (s) => s.adopted,
    problem: (s) =>
      `names EntraRedisCache "${s.componentName}", an existingCache: the package doesn't know its settings (network, persistence, clustering), only Azure's validation checks them`,
    fix: "run Azure's validation first (docs/migration.md, 'Before the update'), or set forceMigrate only after reading it",
  },
];

/** The disparities between a source cache and the target, errors first. */
export function migrationDisparities(s: MigrationSource, t: MigrationTargetFacts): MigrationDisparity[] {
  return MIGRATION_RULES.filter((r) => r.applies(s, t)).map((r) => ({
    rule: r.rule,
    level: r.level,
    field: r.field,
    problem: r.problem(s, t),
    fix: r.fix,
  }));
}
