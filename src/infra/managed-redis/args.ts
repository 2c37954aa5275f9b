/** The arguments of EntraManagedRedis, as every Pulumi language sees them (schema: test/infra/schema.test.ts). */
import type * as pulumi from "@pulumi/pulumi";
import {
  ASSIGNMENT_SHAPE,
  CUSTOM_POLICY_SHAPE,
  DIAGNOSTICS_SHAPE,
  ENCRYPTION_SHAPE,
  IDENTITY_SHAPE,
  MANAGED_GEO_REPLICATION_SHAPE,
  MODULE_SHAPE,
  PERSISTENCE_SHAPE,
  PRIVATE_ENDPOINT_SHAPE,
  ROLE_ASSIGNMENT_SHAPE,
} from "../arg-shapes.ts";
import { argShape, type ArgShape } from "../unknown-args.ts";
import type { CustomPolicyArgs } from "../parts/custom-policies.ts";
import type { ManagedRedisGeoReplicationArgs } from "./geo-replication.ts";
import type { MigrateFromArgs } from "../parts/migration.ts";
import type {
  AssignmentArgs,
  ClusteringPolicy,
  DiagnosticsArgs,
  LockLevel,
  ManagedIdentityArgs,
  ManagedRedisEncryptionArgs,
  ManagedRedisModuleArgs,
  ManagedRedisPersistenceArgs,
  ManagedRedisSku,
  PrivateEndpointArgs,
  RoleAssignmentArgs,
  DeferUpgrade,
} from "../types.ts";

/** Arguments of {@link EntraManagedRedis}. */
export interface EntraManagedRedisArgs {
  /** Resource group for the cluster and everything the component creates (private endpoint, DNS zone). */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the cluster (default: the provider's default location). */
  location?: pulumi.Input<string>;
  /** Cluster name (1-60 letters, digits, single hyphens); generated from the component name when omitted. */
  clusterName?: string;
  /** Tags for the cluster, private endpoint and DNS zone. */
  tags?: { [key: string]: pulumi.Input<string> };
  /**
   * SKU (default "Balanced_B1"): Balanced_B*, MemoryOptimized_M*, ComputeOptimized_X* or
   * FlashOptimized_A*. The retired Enterprise_* and EnterpriseFlash_* SKUs are rejected.
   */
  sku?: ManagedRedisSku;
  /** Replicate data for high availability (default true). */
  highAvailability?: boolean;
  /** Availability zones, e.g. ["1", "2", "3"]. */
  zones?: string[];
  /**
   * "OSSCluster" (default; needs a cluster-aware client), "EnterpriseCluster" (one endpoint) or
   * "NoCluster". Fixed at creation: changing it replaces the database (and its data).
   */
  clusteringPolicy?: ClusteringPolicy;
  /** Eviction policy, e.g. "VolatileLRU" (Azure's default) or "NoEviction". */
  evictionPolicy?: string;
  /**
   * "Deferred" postpones moving the database to a newly released Redis version (within Azure's
   * deferral period); "NotDeferred" is Azure's default.
   */
  deferUpgrade?: DeferUpgrade;
  /** Data persistence: AOF or RDB, not both. */
  persistence?: ManagedRedisPersistenceArgs;
  /** Redis modules (RediSearch, RedisJSON, RedisBloom, RedisTimeSeries); fixed at creation. */
  modules?: ManagedRedisModuleArgs[];
  /** Keep access keys working next to Entra ID (default false: keys disabled, Entra ID only). */
  accessKeyAuthentication?: boolean;
  /**
   * Guard the data (default true): the cluster and its database are registered with Pulumi's
   * `protect: true`, so `pulumi preview` and `pulumi up` refuse, naming them, any edit that would
   * replace them (a new clusterName, resourceGroupName or clusteringPolicy: a new, empty database) or
   * delete them. `false` is the explicit opt-in to such an edit (it may come in the same update);
   * removing the component takes an update with `false` first. A plain boolean.
   */
  protectData?: boolean;
  /**
   * Custom data access policies (Redis ACL rules), as on EntraRedisCache. Managed Redis has no policy
   * resource: an assignment naming one gets its permissions as its access string.
   */
  customPolicies?: CustomPolicyArgs[];
  /**
   * The identities that may connect, one assignment each (at least one). `policy`: "Data Owner",
   * "Data Contributor" (the default, as on EntraRedisCache), "Data Reader", a `customPolicies` name,
   * or "default" (Managed Redis's full access), written as per-identity access strings (API
   * 2026-09-01). May be left out with `migrateFrom` naming an EntraRedisCache of this program: its
   * identities are then given the same rights.
   */
  assignments?: AssignmentArgs[];
  /** A private endpoint and its private DNS zone; public access is then off unless allowPublicNetworkAccess is true. */
  privateEndpoint?: PrivateEndpointArgs;
  /** Explicit opt-in to public network access (Entra ID still required). Managed Redis has no IP firewall. */
  allowPublicNetworkAccess?: boolean;
  /** Diagnostic settings: where the logs and metrics go (at least one destination). */
  diagnostics?: DiagnosticsArgs;
  /** Control-plane (Azure RBAC) role assignments on the resource; data access is `assignments`. */
  roleAssignments?: RoleAssignmentArgs[];
  /**
   * Active geo-replication: the group this database creates or joins (`groupNickname`) and the ids of
   * its existing members (`linkedDatabaseIds`, e.g. the first region's `databaseId`); the component
   * adds its own id. Set at creation. Needs high availability, no persistence, only RediSearch and
   * RedisJSON, and not Balanced B0/B1; every member must have the same SKU, clustering policy,
   * eviction policy and modules.
   */
  geoReplication?: ManagedRedisGeoReplicationArgs;
  /** A management lock on the resource, created after everything else (see README for what ReadOnly breaks). */
  lock?: LockLevel;
  /** The cluster's own managed identity (system-assigned and/or user-assigned); `encryption` needs a user-assigned one. */
  identity?: ManagedIdentityArgs;
  /**
   * Customer-managed key encryption of the cluster's disks: a versioned Key Vault (or Managed HSM) key
   * URL and the user-assigned identity (one of `identity.userAssignedIdentityIds`) that reads it.
   */
  encryption?: ManagedRedisEncryptionArgs;
  /**
   * Azure's migration of an Azure Cache for Redis into this instance (docs/migration.md): the cache's
   * identities get the same rights here first, then the data is copied (unless `skipDataMigration`)
   * and, with `switchDns: true`, the cache's host name leads to this instance. E.g.
   * `{ cacheId: cache.resourceId, switchDns: true }`.
   */
  migrateFrom?: MigrateFromArgs;
}

/** Top-level arguments of EntraManagedRedis. */
export const MIGRATE_FROM_SHAPE: ArgShape = argShape<MigrateFromArgs>(
  { cacheId: "value", switchDns: "value", skipDataMigration: "value", forceMigrate: "value" },
  { seeAlso: { sourceResourceId: "cacheId", cache: "cacheId", sourceId: "cacheId" } },
);

export const MANAGED_ARGS_SHAPE: ArgShape = argShape<EntraManagedRedisArgs>(
  {
    resourceGroupName: "value",
    location: "value",
    clusterName: "value",
    tags: "map",
    sku: "value",
    highAvailability: "value",
    zones: "value",
    clusteringPolicy: "value",
    evictionPolicy: "value",
    deferUpgrade: "value",
    persistence: { object: PERSISTENCE_SHAPE },
    modules: { list: MODULE_SHAPE },
    accessKeyAuthentication: "value",
    protectData: "value",
    customPolicies: { list: CUSTOM_POLICY_SHAPE },
    assignments: { list: ASSIGNMENT_SHAPE },
    privateEndpoint: { object: PRIVATE_ENDPOINT_SHAPE },
    allowPublicNetworkAccess: "value",
    diagnostics: { object: DIAGNOSTICS_SHAPE },
    roleAssignments: { list: ROLE_ASSIGNMENT_SHAPE },
    geoReplication: { object: MANAGED_GEO_REPLICATION_SHAPE },
    lock: "value",
    identity: { object: IDENTITY_SHAPE },
    encryption: { object: ENCRYPTION_SHAPE },
    migrateFrom: { object: MIGRATE_FROM_SHAPE },
  },
  {
    seeAlso: {
      name: "clusterName",
      customerManagedKey: "encryption",
      cacheName: "clusterName",
      maxmemoryPolicy: "evictionPolicy",
      redisConfiguration: "evictionPolicy",
      publicNetworkAccess: "allowPublicNetworkAccess",
    },
    refused: {
      firewallRules: {
        problem: "is not supported: Azure Managed Redis has no IP firewall rules",
        fix: "use privateEndpoint, or allowPublicNetworkAccess: true (Entra ID still required)",
      },
      existingCache: {
        problem: "is not supported by EntraManagedRedis",
        fix: "manage an existing Azure Cache for Redis with EntraRedisCache's existingCache",
      },
      patchSchedule: {
        problem: "is not supported: Azure Managed Redis has no patch schedule resource",
        fix: "leave it out: Azure Managed Redis schedules its own updates",
      },
      redisVersion: {
        problem: "can't be set on Azure Managed Redis",
        fix: "remove it: Azure Managed Redis chooses and upgrades the Redis version itself",
      },
    },
  },
);
