/**
 * Argument and output shapes shared by EntraRedisCache and EntraManagedRedis. Only what Pulumi's schema
 * analyzer (@pulumi/pulumi/provider/experimental) understands: interfaces, Inputs, arrays, maps, and
 * string-literal unions declared as `as const` objects, so that Python, Go, .NET and YAML programs get
 * the same arguments through `pulumi package add`.
 *
 * What Pulumi 3.276's analyzer rejects (each tried; see test/infra/schema.test.ts): inline string-literal
 * unions and plain `type X = "a" | "b"` aliases (declare an `as const` object, then the type, in that
 * order), inline object types (every nested shape is a named interface; the name becomes the schema
 * type), `readonly T[]`, and literal types. Every instance field of a component class becomes a schema
 * output, private ones included, so the classes hold only their public outputs as fields.
 */
import type * as pulumi from "@pulumi/pulumi";

/** One identity that may connect, and the data access policy it gets. */
export interface AssignmentArgs {
  /**
   * Object id (principal id) of a user, service principal or managed identity: a GUID, and the Redis
   * username the identity sends with AUTH. Entra groups are not supported by Azure. Each object id may
   * appear once.
   */
  objectId: pulumi.Input<string>;
  /**
   * Friendly name of the identity, unique in this component: 3-63 letters, digits or hyphens, starting
   * and ending with a letter or digit. It names the assignment in Azure and keys the `connections` output.
   */
  alias: string;
  /**
   * Data access policy: "Data Owner", "Data Contributor" (the default on both services), "Data Reader"
   * or the name of one of `customPolicies`. Azure Managed Redis also takes "default" (its own full
   * access) and writes every policy as a per-identity access string (API 2026-09-01).
   */
  policy?: string;
}

/** A private endpoint for the cache, and the private DNS zone that makes its host name resolve to it. */
export interface PrivateEndpointArgs {
  /**
   * Resource id of an existing private DNS zone for the service (`privatelink.redis.cache.windows.net`
   * for Azure Cache for Redis, `privatelink.redis.azure.net` for Azure Managed Redis), already linked
   * to your VNets. Give this or `virtualNetworkId`, not both.
   */
  privateDnsZoneId?: pulumi.Input<string>;
  /** Resource id of the subnet the private endpoint's network interface is placed in. */
  subnetId: pulumi.Input<string>;
  /**
   * Resource id of the VNet to link a new private DNS zone to: the component creates the zone (in
   * `resourceGroupName`) and the link. Give this or `privateDnsZoneId`, not both.
   */
  virtualNetworkId?: pulumi.Input<string>;
}

/**
 * What an application needs to connect with Entra ID: wire these into its settings. No secrets: the
 * application gets a token for `tokenScope` with its own identity.
 */
export interface RedisConnection {
  /** Host name to connect to (TLS). */
  host: string;
  /** TLS port: 6380 on Azure Cache for Redis, 10000 on Azure Managed Redis. */
  port: number;
  /** Redis username: the identity's object id. */
  username: string;
  /** Data access policy assigned to the identity. */
  policy: string;
  /** OAuth scope to request the access token for (https://redis.azure.com/.default). */
  tokenScope: string;
  /** Whether the endpoint is a Redis OSS cluster, so the client must be cluster-aware. */
  cluster: boolean;
}

/**
 * The cache's host name and port after Azure's migration switched them to an Azure Managed Redis
 * instance (Azure's `migratedEndpoint`): what an app that kept the cache's settings reaches.
 */
export interface MigratedEndpoint {
  /** The cache's host name, <name>.redis.cache.windows.net. */
  host: string;
  /** The cache's TLS port (6380), forwarded to the instance. */
  port: number;
  /** Whether the instance behind it is a Redis OSS cluster, so the client must be cluster-aware. */
  cluster: boolean;
}

/**
 * How Azure places an Azure Cache for Redis in availability zones (redis.json 2024-11-01,
 * `ZonalAllocationPolicy`): "Automatic" (zone redundant, zones chosen by Azure), "UserDefined" (the
 * `zones` given), "NoZones". Left out, Azure uses "UserDefined" when `zones` are given, otherwise
 * "Automatic" where the region has zones.
 */
export const ZonalAllocationPolicy = {
  Automatic: "Automatic",
  UserDefined: "UserDefined",
  NoZones: "NoZones",
} as const;
/** See {@link ZonalAllocationPolicy}. */
export type ZonalAllocationPolicy = (typeof ZonalAllocationPolicy)[keyof typeof ZonalAllocationPolicy];

/**
 * Which monthly Redis updates an Azure Cache for Redis gets first (redis.json 2024-11-01,
 * `UpdateChannel`): "Stable" (Azure's default) or "Preview" (at least 4 weeks earlier; for
 * non-production caches).
 */
export const UpdateChannel = {
  Stable: "Stable",
  Preview: "Preview",
} as const;
/** See {@link UpdateChannel}. */
export type UpdateChannel = (typeof UpdateChannel)[keyof typeof UpdateChannel];

/**
 * Whether an Azure Managed Redis database takes a new Redis version when it is released
 * (redisenterprise.json 2025-07-01, `DeferUpgradeSetting`): "NotDeferred" (Azure's default) or
 * "Deferred" (later, within Azure's deferral period: https://aka.ms/redisversionupgrade).
 */
export const DeferUpgrade = {
  NotDeferred: "NotDeferred",
  Deferred: "Deferred",
} as const;
/** See {@link DeferUpgrade}. */
export type DeferUpgrade = (typeof DeferUpgrade)[keyof typeof DeferUpgrade];

/** Pricing tier of an Azure Cache for Redis. */
export const CacheSku = {
  /** Single node, no SLA: development and test. */
  Basic: "Basic",
  /** Primary and replica. */
  Standard: "Standard",
  /** Primary and replica on better hardware; clustering, zones, private link features. */
  Premium: "Premium",
} as const;
/** Pricing tier of an Azure Cache for Redis. */
export type CacheSku = (typeof CacheSku)[keyof typeof CacheSku];

/**
 * SKU of an Azure Managed Redis cluster: azure-native's redisenterprise `SkuName` (redisenterprise.json
 * 2025-07-01) without the retired Enterprise_* and EnterpriseFlash_* SKUs, by family: Balanced_B*,
 * MemoryOptimized_M*, ComputeOptimized_X*, FlashOptimized_A* (the number: memory in GB).
 * test/infra/managed-redis-sku.test.ts keeps it equal to azure-native's enum.
 */
export const ManagedRedisSku = {
  Balanced_B0: "Balanced_B0",
  Balanced_B1: "Balanced_B1",
  Balanced_B3: "Balanced_B3",
  Balanced_B5: "Balanced_B5",
  Balanced_B10: "Balanced_B10",
  Balanced_B20: "Balanced_B20",
  Balanced_B50: "Balanced_B50",
  Balanced_B100: "Balanced_B100",
  Balanced_B150: "Balanced_B150",
  Balanced_B250: "Balanced_B250",
  Balanced_B350: "Balanced_B350",
  Balanced_B500: "Balanced_B500",
  Balanced_B700: "Balanced_B700",
  Balanced_B1000: "Balanced_B1000",
  MemoryOptimized_M10: "MemoryOptimized_M10",
  MemoryOptimized_M20: "MemoryOptimized_M20",
  MemoryOptimized_M50: "MemoryOptimized_M50",
  MemoryOptimized_M100: "MemoryOptimized_M100",
  MemoryOptimized_M150: "MemoryOptimized_M150",
  MemoryOptimized_M250: "MemoryOptimized_M250",
  MemoryOptimized_M350: "MemoryOptimized_M350",
  MemoryOptimized_M500: "MemoryOptimized_M500",
  MemoryOptimized_M700: "MemoryOptimized_M700",
  MemoryOptimized_M1000: "MemoryOptimized_M1000",
  MemoryOptimized_M1500: "MemoryOptimized_M1500",
  MemoryOptimized_M2000: "MemoryOptimized_M2000",
  ComputeOptimized_X3: "ComputeOptimized_X3",
  ComputeOptimized_X5: "ComputeOptimized_X5",
  ComputeOptimized_X10: "ComputeOptimized_X10",
  ComputeOptimized_X20: "ComputeOptimized_X20",
  ComputeOptimized_X50: "ComputeOptimized_X50",
  ComputeOptimized_X100: "ComputeOptimized_X100",
  ComputeOptimized_X150: "ComputeOptimized_X150",
  ComputeOptimized_X250: "ComputeOptimized_X250",
  ComputeOptimized_X350: "ComputeOptimized_X350",
  ComputeOptimized_X500: "ComputeOptimized_X500",
  ComputeOptimized_X700: "ComputeOptimized_X700",
  FlashOptimized_A250: "FlashOptimized_A250",
  FlashOptimized_A500: "FlashOptimized_A500",
  FlashOptimized_A700: "FlashOptimized_A700",
  FlashOptimized_A1000: "FlashOptimized_A1000",
  FlashOptimized_A1500: "FlashOptimized_A1500",
  FlashOptimized_A2000: "FlashOptimized_A2000",
  FlashOptimized_A4500: "FlashOptimized_A4500",
} as const;
/** SKU of an Azure Managed Redis cluster (see {@link ManagedRedisSku}). */
export type ManagedRedisSku = (typeof ManagedRedisSku)[keyof typeof ManagedRedisSku];

/** Clustering policy of an Azure Managed Redis database (fixed at creation). */
export const ClusteringPolicy = {
  /** Redis OSS cluster API: the fastest, needs a cluster-aware client. */
  OSSCluster: "OSSCluster",
  /** One endpoint in front of the shards: works with non-cluster clients. */
  EnterpriseCluster: "EnterpriseCluster",
  /** A single shard without clustering (small SKUs). */
  NoCluster: "NoCluster",
} as const;
/** Clustering policy of an Azure Managed Redis database (fixed at creation). */
export type ClusteringPolicy = (typeof ClusteringPolicy)[keyof typeof ClusteringPolicy];

/** How often the append-only file is written to disk. */
export const AofFrequency = {
  /** Every second. */
  EverySecond: "1s",
} as const;
/** How often the append-only file is written to disk. */
export type AofFrequency = (typeof AofFrequency)[keyof typeof AofFrequency];

/** How often an RDB snapshot is taken. */
export const RdbFrequency = {
  /** Every hour. */
  Hourly: "1h",
  /** Every 6 hours. */
  Every6Hours: "6h",
  /** Every 12 hours. */
  Every12Hours: "12h",
} as const;
/** How often an RDB snapshot is taken. */
export type RdbFrequency = (typeof RdbFrequency)[keyof typeof RdbFrequency];

/** Data persistence of an Azure Managed Redis database: AOF or RDB, not both. */
export interface ManagedRedisPersistenceArgs {
  /** Turn on append-only-file persistence. */
  aofEnabled?: boolean;
  /** AOF write frequency (default "1s"). */
  aofFrequency?: AofFrequency;
  /** Turn on RDB snapshots. */
  rdbEnabled?: boolean;
  /** RDB snapshot frequency. */
  rdbFrequency?: RdbFrequency;
}

/** A Redis module to load in an Azure Managed Redis database. */
export interface ManagedRedisModuleArgs {
  /** Module name: "RediSearch", "RedisJSON", "RedisBloom" or "RedisTimeSeries". */
  name: string;
  /** Module configuration arguments, e.g. "ERROR_RATE 0.01 INITIAL_SIZE 400". */
  args?: string;
}

/**
 * Diagnostic settings of the cache (on Azure Managed Redis: of the cluster and of its database, whose
 * categories differ). At least one destination is required.
 */
export interface DiagnosticsArgs {
  /** Azure name of the diagnostic setting(s) (default "azure-redis-entra"). */
  name?: string;
  /** Resource id of a Log Analytics workspace to send to. */
  workspaceId?: pulumi.Input<string>;
  /** Resource id of a storage account to archive to (in the cache's region). */
  storageAccountId?: pulumi.Input<string>;
  /** Resource id of an Event Hubs namespace authorization rule to stream to. */
  eventHubAuthorizationRuleId?: pulumi.Input<string>;
  /** Event hub in that namespace (default: the namespace picks one per category). */
  eventHubName?: string;
  /**
   * Log categories (default: every category Azure documents for the type). Azure Cache for Redis:
   * "ConnectedClientList", "MSEntraAuthenticationAuditLog". Azure Managed Redis: "ConnectionEvents"
   * (on the database). `[]` sends no logs.
   */
  logs?: string[];
  /** Metric categories (default ["AllMetrics"]; on Managed Redis from the cluster). `[]` sends no metrics. */
  metrics?: string[];
  /**
   * "Dedicated" sends the logs to Log Analytics into resource-specific tables (e.g.
   * `ACRConnectedClientList`) instead of the shared `AzureDiagnostics` table (Azure's default). Needs
   * workspaceId.
   */
  logAnalyticsDestinationType?: LogAnalyticsDestinationType;
}

/** Which Log Analytics tables a diagnostic setting writes: resource-specific ("Dedicated") or `AzureDiagnostics`. */
export const LogAnalyticsDestinationType = {
  Dedicated: "Dedicated",
  AzureDiagnostics: "AzureDiagnostics",
} as const;
/** See {@link LogAnalyticsDestinationType}. */
export type LogAnalyticsDestinationType =
  (typeof LogAnalyticsDestinationType)[keyof typeof LogAnalyticsDestinationType];

/** Level of a management lock on the cache or cluster. */
export const LockLevel = {
  /** The resource can be read and modified, not deleted. */
  CanNotDelete: "CanNotDelete",
  /** The resource can only be read: no updates, no key listing, no access policy writes, no scaling. */
  ReadOnly: "ReadOnly",
} as const;
/** Level of a management lock on the cache or cluster. */
export type LockLevel = (typeof LockLevel)[keyof typeof LockLevel];

/**
 * Day of a patch schedule entry: a weekday, or "Everyday" / "Weekend" (Azure's shorthands for all
 * days and for Saturday plus Sunday). The same values as azure-native's `redis.DayOfWeek`.
 */
export const DayOfWeek = {
  Monday: "Monday",
  Tuesday: "Tuesday",
  Wednesday: "Wednesday",
  Thursday: "Thursday",
  Friday: "Friday",
  Saturday: "Saturday",
  Sunday: "Sunday",
  Everyday: "Everyday",
  Weekend: "Weekend",
} as const;
/** Day of a patch schedule entry. */
export type DayOfWeek = (typeof DayOfWeek)[keyof typeof DayOfWeek];

/** One window of the cache's patch schedule (when Azure may apply Redis server updates). */
export interface PatchScheduleEntryArgs {
  /** Day the window starts. */
  dayOfWeek: DayOfWeek;
  /** Hour (UTC, 0-23) the window starts. */
  startHourUtc: number;
  /** Length of the window, an ISO 8601 duration of at least 5 hours, e.g. "PT6H" (omitted: Azure's default). */
  maintenanceWindow?: string;
}

/** Kind of principal a control-plane role is assigned to (Azure checks that it matches the principal). */
export const PrincipalType = {
  User: "User",
  Group: "Group",
  ServicePrincipal: "ServicePrincipal",
  ForeignGroup: "ForeignGroup",
  Device: "Device",
} as const;
/** Kind of principal a control-plane role is assigned to. */
export type PrincipalType = (typeof PrincipalType)[keyof typeof PrincipalType];

/** A control-plane (Azure RBAC) role on the cache or cluster; data access is `assignments`. */
export interface RoleAssignmentArgs {
  /** Object id of the user, group, service principal or managed identity (a GUID). */
  principalId: pulumi.Input<string>;
  /**
   * A built-in role name ("Reader", "Contributor", "Owner", "Monitoring Reader", "Monitoring
   * Contributor", "User Access Administrator", "Role Based Access Control Administrator", "Redis Cache
   * Contributor" on Azure Cache for Redis, "Azure Managed Redis Contributor" / "Azure Managed Redis
   * Reader" on Azure Managed Redis), or a role definition id (a GUID or
   * /subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>).
   */
  role: string;
  /**
   * Kind of principal (default "User", the REST API's and azure-native's default). Give
   * "ServicePrincipal" for managed identities and service principals and "Group" for groups: Azure
   * rejects an assignment whose type doesn't match the principal (UnmatchedPrincipalType).
   */
  principalType?: PrincipalType;
  /** A description of the assignment, shown in the portal and `az role assignment list`. */
  description?: string;
  /**
   * An ABAC condition (sent with conditionVersion "2.0"), e.g. to let a "Role Based Access Control
   * Administrator" assign only some roles: `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {<role guid>}))`.
   */
  condition?: string;
}

/**
 * The managed identities of the cache or cluster itself (not the apps': those are `assignments`),
 * which it uses to reach other Azure resources: a storage account for persistence with
 * `preferred-data-persistence-auth-method: ManagedIdentity` (Azure Cache for Redis), the Key Vault key
 * of `encryption` (Azure Managed Redis).
 */
export interface ManagedIdentityArgs {
  /** Turn on the system-assigned identity (its principal id is the `identityPrincipalId` output). */
  systemAssigned?: boolean;
  /**
   * Resource ids of user-assigned identities to attach, each
   * /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>,
   * each once.
   */
  userAssignedIdentityIds?: pulumi.Input<string>[];
}

/**
 * Customer-managed key encryption of an Azure Managed Redis cluster's disks (persistence, export
 * files, OS disk): the key in Key Vault or Managed HSM, and the user-assigned identity that reads it.
 */
export interface ManagedRedisEncryptionArgs {
  /**
   * Versioned key URL, e.g. https://<vault>.vault.azure.net/keys/<name>/<version> (Key Vault) or
   * https://<hsm>.managedhsm.azure.net/keys/<name>/<version> (Managed HSM). An RSA key, in the
   * cluster's region, in a vault with soft delete and purge protection.
   */
  keyUrl: pulumi.Input<string>;
  /**
   * Resource id of the user-assigned identity that reads the key (Get, Wrap Key, Unwrap Key: e.g. the
   * role "Key Vault Crypto Service Encryption User"). It must be one of `identity.userAssignedIdentityIds`.
   */
  userAssignedIdentityId: pulumi.Input<string>;
}
