/**
 * Azure's own rules for every value the components accept or send, from the REST API specifications
 * of the API versions the pinned @pulumi/azure-native targets (`redis` 2024-11-01, `redisenterprise`
 * 2025-07-01; the versions are named in azure-native's `redis/redis.d.ts` and
 * `redisenterprise/redisEnterprise.d.ts`). Each constraint names its spec file and JSON pointer;
 * docs/azure-constraints.md is the same table in prose (a test keeps the two in step).
 *
 * Enumerations are azure-native's own runtime enum objects, so an SDK upgrade that changes Azure's
 * enum updates the checks. Where the component is deliberately stricter than the spec, `stricter`
 * says how and why. Pure data and predicates: no Pulumi resources, no I/O.
 */
import * as cacheEnums from "@pulumi/azure-native/types/enums/redis/index.js";
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import type * as azureInput from "@pulumi/azure-native/types/input.js";
import { checkAclPermissions } from "./acl-permissions.ts";

/** The spec files, relative to the root of github.com/Azure/azure-rest-api-specs. */
export const SPEC_FILES = {
  cache: "specification/redis/resource-manager/Microsoft.Cache/Redis/stable/2024-11-01/redis.json",
  managed:
    "specification/redisenterprise/resource-manager/Microsoft.Cache/RedisEnterprise/stable/2025-07-01/redisenterprise.json",
  /** The stable API whose assignments carry per-identity access strings (managed-redis/access-api.ts). */
  managedAccess:
    "specification/redisenterprise/resource-manager/Microsoft.Cache/RedisEnterprise/stable/2026-09-01/redisenterprise.json",
  /** Not a REST spec: Azure's resource naming rules page, for names the specs give no pattern. */
  naming: "https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules",
  /** Not a REST spec: Redis's own configuration reference (values Redis itself accepts). */
  redis: "https://redis.io/docs/latest/operate/oss_and_stack/management/config-file/",
  /**
   * Not a REST spec: azurerm's validator of the geo-replication group name (the spec types it as a
   * plain string; Azure's rules for it are written down nowhere else).
   */
  azurermGeoGroup:
    "https://github.com/hashicorp/terraform-provider-azurerm/blob/main/internal/services/managedredis/validate/managed_redis_database_georeplication_group_name.go",
} as const;
export type SpecFile = keyof typeof SPEC_FILES;

/** Where a rule is written: a file of SPEC_FILES and a JSON pointer (RFC 6901) into it. */
export interface SpecRef {
  file: SpecFile;
  pointer: string;
}

/** A resource input the components send to azure-native, as `type` token and dotted input path. */
export interface SentInput {
  type: string;
  /** Dotted path into the resource's inputs; `[]` steps into every array item, e.g. `modules[].name`. */
  path: string;
}

/** One rule Azure has on one value. */
export interface AzureConstraint {
  /** Stable id; also the first column of docs/azure-constraints.md. */
  id: string;
  /** The component argument(s) the value comes from, or "(sent)" for values the component fixes. */
  args: string;
  /** Azure's rule in words (what `accepts` checks). */
  rule: string;
  spec: SpecRef;
  /** Whether Azure accepts the value (and, where `stricter` is set, the component too). */
  accepts(value: unknown): boolean;
  /** How and why the component is stricter than the spec, when it is. */
  stricter?: string;
  /** The resource inputs that carry the value. */
  sends: SentInput[];
}

const REDIS = "azure-native:redis:Redis";
const ACCESS_POLICY = "azure-native:redis:AccessPolicy";
const CACHE_ASSIGNMENT = "azure-native:redis:AccessPolicyAssignment";
const FIREWALL_RULE = "azure-native:redis:FirewallRule";
const CLUSTER = "azure-native:redisenterprise:RedisEnterprise";
const DATABASE = "azure-native:redisenterprise:Database";
const MANAGED_ASSIGNMENT = "azure-native:redisenterprise:AccessPolicyAssignment";
const LINKED_SERVER = "azure-native:redis:LinkedServer";
/** Managed Redis assignments with an access string: the generic resource, preview API. */
const GENERIC_RESOURCE = "azure-native:resources:Resource";

/** JSON pointer of a path-parameter field in the cache spec, e.g. the `cacheName` pattern. */
function cachePath(path: string, parameterIndex: number, field: string): string {
  return `/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/put/parameters/${parameterIndex}/${field}`;
}
const CACHE_RG =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Cache/redis";

const isString = (v: unknown): v is string => typeof v === "string";
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
const oneOf =
  (values: readonly string[]) =>
  (v: unknown): boolean =>
    isString(v) && values.includes(v);
const matches =
  (re: RegExp, min = 0, max = Infinity) =>
  (v: unknown): boolean =>
    isString(v) && v.length >= min && v.length <= max && re.test(v);

/** Values of an azure-native enum object, e.g. `enumValues(managedEnums.SkuName)`. */
export function enumValues(e: Readonly<Record<string, string>>): string[] {
  return Object.values(e);
}

/** Azure Cache for Redis name: the spec's `cacheName` pattern. */
export const CACHE_NAME_PATTERN = /^([a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]|[a-zA-Z0-9])$/;
/** Longest Azure Cache for Redis name (resource naming rules; the spec gives no length). */
export const CACHE_NAME_MAX = 63;
/** Azure Managed Redis cluster (and database) name: the spec's ClusterNameParameter pattern. */
export const CLUSTER_NAME_PATTERN = /^(?=.{1,60}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
/** Longest Azure Managed Redis cluster name (in the spec's pattern). */
export const CLUSTER_NAME_MAX = 60;
/** Managed Redis access policy assignment name: the spec's AccessPolicyAssignmentNameParameter. */
export const MANAGED_ASSIGNMENT_NAME_PATTERN = /^[A-Za-z0-9]{1,60}$/;
/** Cache access policy (custom policy) name: 3-63 characters, spaces allowed inside. */
export const ACCESS_POLICY_NAME_PATTERN = /^([a-zA-Z0-9][a-zA-Z0-9- ]*[a-zA-Z0-9]|[a-zA-Z0-9])$/;
/** Cache access policy assignment name: 3-63 characters. */
export const CACHE_ASSIGNMENT_NAME_PATTERN = /^([a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]|[a-zA-Z0-9])$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Name of an active geo-replication group (`geoReplication.groupNickname`): 1-63 letters, digits and
 * hyphens, starting and ending with a letter or digit, no `--` (azurerm's validator; the spec has none).
 */
export const GEO_GROUP_NICKNAME_PATTERN = /^(?=.{1,63}$)[A-Za-z0-9]+(-[A-Za-z0-9]+)*$/;
/**
 * An Azure Managed Redis database id, `/subscriptions/<id>/resourceGroups/<group>/providers/
 * Microsoft.Cache/redisEnterprise/<cluster>/databases/default` (the spec's LinkedDatabase.id is an
 * arm-id of type Microsoft.Cache/redisEnterprise/databases; Azure allows only the database "default").
 * Groups: subscription, resource group, cluster name.
 */
export const MANAGED_DATABASE_ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Cache\/redisEnterprise\/([A-Za-z0-9-]{1,60})\/databases\/default$/i;
/**
 * An Azure Cache for Redis id, `/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/
 * Redis/<name>` (LinkedServer's linkedRedisCacheId). Groups: subscription, resource group, cache name.
 */
export const CACHE_ID_PATTERN =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Cache\/Redis\/([A-Za-z0-9-]{1,63})$/i;

/** ARM id of a user-assigned identity (ARM compares resource types and names without case). */
export const USER_ASSIGNED_IDENTITY_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i;
/**
 * A versioned key identifier in Azure Key Vault or Managed HSM, in any Azure cloud: vault or HSM name
 * (3-24 letters, digits, hyphens), key name (1-127 letters, digits, hyphens), version (32 hex digits).
 */
export const VERSIONED_KEY_URL =
  /^https:\/\/[a-z][a-z0-9-]{1,22}[a-z0-9]\.(vault\.azure\.net|vault\.azure\.cn|vault\.usgovcloudapi\.net|vault\.microsoftazure\.de|managedhsm\.azure\.net|managedhsm\.azure\.cn|managedhsm\.usgovcloudapi\.net)\/keys\/[a-z0-9-]{1,127}\/[0-9a-f]{32}$/i;

/** Cache name: the spec pattern, at most 63 characters and no "--" (resource naming rules). */
export function isCacheName(v: unknown): v is string {
  return matches(CACHE_NAME_PATTERN, 1, CACHE_NAME_MAX)(v) && !(v as string).includes("--");
}
/** Managed Redis cluster name: the spec pattern (1-60, single hyphens inside). */
export function isClusterName(v: unknown): v is string {
  return matches(CLUSTER_NAME_PATTERN)(v);
}

/**
 * `redisVersion`: the spec allows "major[.minor]" or "latest" and lists 4.0 and 6.0 as the supported
 * versions. Redis 4 has no ACLs and so no Entra ID, so the component accepts only 6, 6.0 and latest.
 */
export const CACHE_REDIS_VERSIONS = ["6", "6.0", "latest"] as const;

/** `redisConfiguration.rdbBackupFrequency` in minutes, as the spec lists them. */
export const RDB_BACKUP_FREQUENCIES = ["15", "30", "60", "360", "720", "1440"] as const;

/** Redis 6 `maxmemory-policy` values (Redis's configuration reference; the spec types it as a string). */
export const MAXMEMORY_POLICIES = [
  "volatile-lru",
  "allkeys-lru",
  "volatile-lfu",
  "allkeys-lfu",
  "volatile-random",
  "allkeys-random",
  "volatile-ttl",
  "noeviction",
] as const;

/** Retired Azure Cache for Redis Enterprise SKUs, still in the Managed Redis SkuName enum. */
export function isRetiredEnterpriseSku(v: unknown): boolean {
  return isString(v) && /^Enterprise(Flash)?_/.test(v);
}
/** Managed Redis SKU names the component accepts: azure-native's SkuName enum minus the retired ones. */
export const MANAGED_SKUS: readonly string[] = enumValues(managedEnums.SkuName).filter(
  (s) => !isRetiredEnterpriseSku(s),
);

/** Modules Azure Managed Redis offers (the spec's Module.name is a string with examples). */
export const MANAGED_MODULES = ["RediSearch", "RedisJSON", "RedisBloom", "RedisTimeSeries"] as const;

/** Availability zone numbers (the specs type zones as strings). */
export const ZONES = ["1", "2", "3"] as const;

/** How a `redisConfiguration` key's value is checked. */
export interface ConfigRule {
  /** The key's name in the REST API (JSON), e.g. `rdb-backup-frequency`. */
  apiName: string;
  /** JSON pointer of the key's definition in the cache spec. */
  pointer: string;
  /** Azure's rule in words. */
  rule: string;
  /** Whether the value may be shown in an error message (false for connection strings). */
  showValue: boolean;
  accepts(value: unknown): boolean;
  stricter?: string;
  /** Why the component refuses the key altogether, if it does. */
  refused?: string;
}

const CONFIG_DEF = "/definitions/RedisCommonPropertiesRedisConfiguration/properties";
const configPointer = (apiName: string): string => `${CONFIG_DEF}/${apiName}`;
const TRUE_FALSE = /^(true|false)$/i;
const MEGABYTES = /^\d+$/;
const anyString = (v: unknown): boolean => isString(v) && v.length > 0;

/**
 * Every `redisConfiguration` key azure-native knows (its RedisCommonPropertiesRedisConfigurationArgs,
 * which `satisfies` keeps complete: a key added by an SDK upgrade fails the typecheck until it has a
 * rule here). The spec's read-only keys (maxclients, preferred-data-archive-auth-method,
 * zonal-configuration) are not in azure-native's input type, so they are refused as unknown keys.
 */
export const CACHE_CONFIG_RULES = {
  aadEnabled: {
    apiName: "aad-enabled",
    pointer: configPointer("aad-enabled"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    refused: "Entra ID authentication is always on",
  },
  authnotrequired: {
    apiName: "authnotrequired",
    pointer: configPointer("authnotrequired"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    refused: "it would let clients in without authentication",
  },
  aofBackupEnabled: {
    apiName: "aof-backup-enabled",
    pointer: configPointer("aof-backup-enabled"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    stricter: 'the spec types it as any string; Azure reads it as a boolean, so only "true"/"false"',
  },
  aofStorageConnectionString0: {
    apiName: "aof-storage-connection-string-0",
    pointer: configPointer("aof-storage-connection-string-0"),
    rule: "a storage account connection string (a secret: never shown)",
    showValue: false,
    accepts: anyString,
  },
  aofStorageConnectionString1: {
    apiName: "aof-storage-connection-string-1",
    pointer: configPointer("aof-storage-connection-string-1"),
    rule: "a storage account connection string (a secret: never shown)",
    showValue: false,
    accepts: anyString,
  },
  maxfragmentationmemoryReserved: {
    apiName: "maxfragmentationmemory-reserved",
    pointer: configPointer("maxfragmentationmemory-reserved"),
    rule: "megabytes per shard, a whole number",
    showValue: true,
    accepts: matches(MEGABYTES),
    stricter: "the spec types it as a string; the value is a number of megabytes",
  },
  maxmemoryDelta: {
    apiName: "maxmemory-delta",
    pointer: configPointer("maxmemory-delta"),
    rule: "megabytes per shard, a whole number",
    showValue: true,
    accepts: matches(MEGABYTES),
    stricter: "the spec types it as a string; the value is a number of megabytes",
  },
  maxmemoryPolicy: {
    apiName: "maxmemory-policy",
    pointer: configPointer("maxmemory-policy"),
    rule: `one of Redis's eviction policies: ${MAXMEMORY_POLICIES.join(", ")}`,
    showValue: true,
    accepts: oneOf(MAXMEMORY_POLICIES),
    stricter: "the spec types it as a string; Redis itself accepts only these values",
  },
  maxmemoryReserved: {
    apiName: "maxmemory-reserved",
    pointer: configPointer("maxmemory-reserved"),
    rule: "megabytes per shard, a whole number",
    showValue: true,
    accepts: matches(MEGABYTES),
    stricter: "the spec types it as a string; the value is a number of megabytes",
  },
  notifyKeyspaceEvents: {
    apiName: "notify-keyspace-events",
    pointer: configPointer("notify-keyspace-events"),
    rule: 'Redis 6 keyspace-event flags (K E g $ l s h z x e t m d A), or "" for none',
    showValue: true,
    accepts: matches(/^[KEg$lshzxetmdA]*$/),
    stricter: "the spec types it as a string; Redis 6 rejects other flag characters",
  },
  preferredDataPersistenceAuthMethod: {
    apiName: "preferred-data-persistence-auth-method",
    pointer: configPointer("preferred-data-persistence-auth-method"),
    rule: '"SAS" or "ManagedIdentity"',
    showValue: true,
    accepts: oneOf(["SAS", "ManagedIdentity"]),
  },
  rdbBackupEnabled: {
    apiName: "rdb-backup-enabled",
    pointer: configPointer("rdb-backup-enabled"),
    rule: '"true" or "false"',
    showValue: true,
    accepts: matches(TRUE_FALSE),
    stricter: 'the spec types it as any string; Azure reads it as a boolean, so only "true"/"false"',
  },
  rdbBackupFrequency: {
    apiName: "rdb-backup-frequency",
    pointer: configPointer("rdb-backup-frequency"),
    rule: `minutes: ${RDB_BACKUP_FREQUENCIES.join(", ")}`,
    showValue: true,
    accepts: oneOf(RDB_BACKUP_FREQUENCIES),
  },
  rdbBackupMaxSnapshotCount: {
    apiName: "rdb-backup-max-snapshot-count",
    pointer: configPointer("rdb-backup-max-snapshot-count"),
    rule: "a whole number of snapshots, 1 or more",
    showValue: true,
    accepts: matches(/^[1-9]\d*$/),
    stricter: "the spec types it as a string; the value is a count",
  },
  rdbStorageConnectionString: {
    apiName: "rdb-storage-connection-string",
    pointer: configPointer("rdb-storage-connection-string"),
    rule: "a storage account connection string (a secret: never shown)",
    showValue: false,
    accepts: anyString,
  },
  storageSubscriptionId: {
    apiName: "storage-subscription-id",
    pointer: configPointer("storage-subscription-id"),
    rule: "a subscription id (a GUID)",
    showValue: true,
    accepts: matches(GUID),
    stricter: "the spec types it as a string; subscription ids are GUIDs",
  },
} as const satisfies Record<keyof azureInput.redis.RedisCommonPropertiesRedisConfigurationArgs, ConfigRule>;

/** A redisConfiguration key of azure-native's input type. */
export type CacheConfigKey = keyof typeof CACHE_CONFIG_RULES;

/** The rule of a redisConfiguration key, or undefined for a key azure-native doesn't know. */
export function cacheConfigRule(key: string): ConfigRule | undefined {
  return Object.hasOwn(CACHE_CONFIG_RULES, key) ? CACHE_CONFIG_RULES[key as CacheConfigKey] : undefined;
}

/** The spec's read-only redisConfiguration keys (Azure sets them; a request can't). */
export const CACHE_CONFIG_READ_ONLY = {
  maxclients: configPointer("maxclients"),
  "preferred-data-archive-auth-method": configPointer("preferred-data-archive-auth-method"),
  "zonal-configuration": configPointer("zonal-configuration"),
} as const;

/** JSON pointer of the cluster's customerManagedKeyEncryption object. */
const CMK = "/definitions/ClusterProperties/properties/encryption/properties/customerManagedKeyEncryption";

const skuCapacity = (family: "C" | "P") => (v: unknown) =>
  isInt(v) && (family === "C" ? v >= 0 && v <= 6 : v >= 1 && v <= 5);

/** Every constraint, in the order of docs/azure-constraints.md. */
export const AZURE_CONSTRAINTS: readonly AzureConstraint[] = [
  // ---- Azure Cache for Redis (redis.json 2024-11-01) ----
  {
    id: "cache.name",
    args: "cacheName, existingCache.name, generated names",
    rule: "1-63 letters, digits and hyphens, starting and ending with a letter or digit, no `--`",
    spec: {
      file: "cache",
      pointer: cachePath(`${CACHE_RG}/{cacheName}/firewallRules/{ruleName}`, 3, "pattern"),
    },
    accepts: isCacheName,
    stricter:
      "the spec has the pattern only; the length (63) and no consecutive hyphens are Azure's resource naming rules for Microsoft.Cache/redis",
    sends: [
      { type: REDIS, path: "name" },
      { type: FIREWALL_RULE, path: "cacheName" },
      { type: ACCESS_POLICY, path: "cacheName" },
      { type: CACHE_ASSIGNMENT, path: "cacheName" },
      { type: LINKED_SERVER, path: "name" },
      { type: LINKED_SERVER, path: "linkedServerName" },
    ],
  },
  {
    id: "cache.sku.name",
    args: "sku",
    rule: `one of azure-native's redis SkuName: ${enumValues(cacheEnums.SkuName).join(", ")}`,
    spec: { file: "cache", pointer: "/definitions/SkuName/enum" },
    accepts: oneOf(enumValues(cacheEnums.SkuName)),
    sends: [{ type: REDIS, path: "sku.name" }],
  },
  {
    id: "cache.sku.family",
    args: "(sent: C for Basic/Standard, P for Premium)",
    rule: `one of azure-native's redis SkuFamily: ${enumValues(cacheEnums.SkuFamily).join(", ")}`,
    spec: { file: "cache", pointer: "/definitions/SkuFamily/enum" },
    accepts: oneOf(enumValues(cacheEnums.SkuFamily)),
    sends: [{ type: REDIS, path: "sku.family" }],
  },
  {
    id: "cache.sku.capacity.C",
    args: "capacity (Basic, Standard)",
    rule: "0-6 for family C",
    spec: { file: "cache", pointer: "/definitions/Sku/properties/capacity/description" },
    accepts: skuCapacity("C"),
    sends: [],
  },
  {
    id: "cache.sku.capacity.P",
    args: "capacity (Premium)",
    rule: "1-5 for family P",
    spec: { file: "cache", pointer: "/definitions/Sku/properties/capacity/description" },
    accepts: skuCapacity("P"),
    stricter:
      "looser than the spec's text, which still lists P 1-4: Azure sells P5 (docs/azure-facts.md), so 5 is accepted",
    sends: [],
  },
  {
    id: "cache.redisVersion",
    args: "redisVersion",
    rule: `"major[.minor]" or "latest", supported 4.0 and 6.0; accepted: ${CACHE_REDIS_VERSIONS.join(", ")}`,
    spec: {
      file: "cache",
      pointer: "/definitions/RedisCommonProperties/properties/redisVersion/description",
    },
    accepts: oneOf(CACHE_REDIS_VERSIONS),
    stricter: "Redis 4 (4, 4.0) is refused: it has no ACLs, so no Entra ID authentication",
    sends: [{ type: REDIS, path: "redisVersion" }],
  },
  {
    id: "cache.minimumTlsVersion",
    args: "(sent: 1.2)",
    rule: `one of azure-native's redis TlsVersion: ${enumValues(cacheEnums.TlsVersion).join(", ")}`,
    spec: { file: "cache", pointer: "/definitions/TlsVersion/enum" },
    accepts: oneOf(enumValues(cacheEnums.TlsVersion)),
    sends: [{ type: REDIS, path: "minimumTlsVersion" }],
  },
  {
    id: "cache.publicNetworkAccess",
    args: "(sent, from privateEndpoint, firewallRules, allowPublicNetworkAccess)",
    rule: `one of azure-native's redis PublicNetworkAccess: ${enumValues(cacheEnums.PublicNetworkAccess).join(", ")}`,
    spec: { file: "cache", pointer: "/definitions/PublicNetworkAccess/enum" },
    accepts: oneOf(enumValues(cacheEnums.PublicNetworkAccess)),
    sends: [{ type: REDIS, path: "publicNetworkAccess" }],
  },
  {
    id: "cache.zones",
    args: "zones[i]",
    rule: "an availability zone number: 1, 2 or 3",
    spec: { file: "cache", pointer: "/definitions/RedisCreateParameters/properties/zones/items" },
    accepts: oneOf(ZONES),
    stricter: "the spec types zones as strings; Azure regions have zones 1-3",
    sends: [{ type: REDIS, path: "zones[]" }],
  },
  {
    id: "cache.zonalAllocationPolicy",
    args: "zonalAllocationPolicy",
    rule: `one of azure-native's redis ZonalAllocationPolicy: ${enumValues(cacheEnums.ZonalAllocationPolicy).join(", ")}`,
    spec: { file: "cache", pointer: "/definitions/ZonalAllocationPolicy/enum" },
    accepts: oneOf(enumValues(cacheEnums.ZonalAllocationPolicy)),
    stricter:
      "also: UserDefined needs zones, and Automatic or NoZones with zones is refused (the spec's description: UserDefined uses the zones given)",
    sends: [{ type: REDIS, path: "zonalAllocationPolicy" }],
  },
  {
    id: "cache.updateChannel",
    args: "updateChannel",
    rule: `one of azure-native's redis UpdateChannel: ${enumValues(cacheEnums.UpdateChannel).join(", ")}`,
    spec: { file: "cache", pointer: "/definitions/UpdateChannel/enum" },
    accepts: oneOf(enumValues(cacheEnums.UpdateChannel)),
    sends: [{ type: REDIS, path: "updateChannel" }],
  },
  {
    id: "cache.replicasPerPrimary",
    args: "replicasPerPrimary",
    rule: "a whole number, 1-3 (Premium only)",
    spec: { file: "cache", pointer: "/definitions/RedisCommonProperties/properties/replicasPerPrimary" },
    accepts: (v) => isInt(v) && v >= 1 && v <= 3,
    stricter: "the spec types it as int32; Azure documents 1-3 replicas for Premium",
    sends: [{ type: REDIS, path: "replicasPerPrimary" }],
  },
  {
    id: "cache.shardCount",
    args: "shardCount",
    rule: "a whole number, 1-30 (Premium only)",
    spec: { file: "cache", pointer: "/definitions/RedisCommonProperties/properties/shardCount" },
    accepts: (v) => isInt(v) && v >= 1 && v <= 30,
    stricter: "the spec types it as int32; Azure documents at most 30 shards",
    sends: [{ type: REDIS, path: "shardCount" }],
  },
  {
    id: "cache.enableNonSslPort",
    args: "(sent: false)",
    rule: "false: Entra ID tokens are accepted over TLS only",
    spec: { file: "cache", pointer: "/definitions/RedisCommonProperties/properties/enableNonSslPort" },
    accepts: (v) => v === false,
    stricter: "the spec allows true; the component never opens the non-TLS port",
    sends: [{ type: REDIS, path: "enableNonSslPort" }],
  },
  {
    id: "cache.disableAccessKeyAuthentication",
    args: "accessKeyAuthentication (sent negated)",
    rule: "a boolean",
    spec: {
      file: "cache",
      pointer: "/definitions/RedisCommonProperties/properties/disableAccessKeyAuthentication",
    },
    accepts: (v) => typeof v === "boolean",
    sends: [{ type: REDIS, path: "disableAccessKeyAuthentication" }],
  },
  {
    id: "cache.identity.type",
    args: "identity (sent: SystemAssigned, UserAssigned or both)",
    rule: `one of azure-native's ManagedServiceIdentityType: ${enumValues(cacheEnums.ManagedServiceIdentityType).join(", ")}`,
    spec: { file: "cache", pointer: "/definitions/RedisCreateParameters/properties/identity" },
    accepts: oneOf(enumValues(cacheEnums.ManagedServiceIdentityType)),
    sends: [{ type: REDIS, path: "identity.type" }],
  },
  {
    id: "cache.identity.userAssignedIdentities",
    args: "identity.userAssignedIdentityIds[i]",
    rule: "the ARM id of a Microsoft.ManagedIdentity/userAssignedIdentities resource",
    spec: { file: "cache", pointer: "/definitions/RedisCreateParameters/properties/identity" },
    accepts: matches(USER_ASSIGNED_IDENTITY_ID),
    sends: [{ type: REDIS, path: "identity.userAssignedIdentities[]" }],
  },
  {
    id: "cache.redisConfiguration",
    args: "redisConfiguration keys",
    rule: "a key of azure-native's RedisCommonPropertiesRedisConfigurationArgs, each value by its own rule (table below); aadEnabled and authnotrequired refused; the spec's read-only keys refused",
    spec: { file: "cache", pointer: CONFIG_DEF },
    accepts: (v) =>
      typeof v === "object" &&
      v !== null &&
      Object.entries(v).every(([k, x]) => {
        const r = cacheConfigRule(k);
        return r !== undefined && r.refused === undefined && r.accepts(x);
      }),
    stricter:
      "the spec also allows other keys (additionalProperties); azure-native's input type has only these, so others are refused instead of dropped",
    sends: [],
  },
  {
    id: "cache.accessPolicy.name",
    args: "customPolicies[i].name",
    rule: "3-63 letters, digits, hyphens or spaces, starting and ending with a letter or digit",
    spec: {
      file: "cache",
      pointer: cachePath(`${CACHE_RG}/{cacheName}/accessPolicies/{accessPolicyName}`, 4, "pattern"),
    },
    accepts: matches(ACCESS_POLICY_NAME_PATTERN, 3, 63),
    sends: [{ type: ACCESS_POLICY, path: "accessPolicyName" }],
  },
  {
    id: "cache.accessPolicy.permissions",
    args: "customPolicies[i].permissions",
    rule: "a Redis ACL rule string",
    spec: { file: "cache", pointer: "/definitions/RedisCacheAccessPolicyProperties/properties/permissions" },
    accepts: anyString,
    stricter:
      "the spec types it as a string; the component parses it as Redis 6 ACL rules (acl-permissions.ts)",
    sends: [{ type: ACCESS_POLICY, path: "permissions" }],
  },
  {
    id: "cache.assignment.name",
    args: "assignments[i].alias",
    rule: "3-63 letters, digits or hyphens, starting and ending with a letter or digit",
    spec: {
      file: "cache",
      pointer: cachePath(
        `${CACHE_RG}/{cacheName}/accessPolicyAssignments/{accessPolicyAssignmentName}`,
        4,
        "pattern",
      ),
    },
    accepts: matches(CACHE_ASSIGNMENT_NAME_PATTERN, 3, 63),
    sends: [
      { type: CACHE_ASSIGNMENT, path: "accessPolicyAssignmentName" },
      { type: CACHE_ASSIGNMENT, path: "objectIdAlias" },
    ],
  },
  {
    id: "cache.assignment.accessPolicyName",
    args: "assignments[i].policy",
    rule: "a policy name: letters, digits, hyphens or spaces, starting and ending with a letter or digit",
    spec: {
      file: "cache",
      pointer: "/definitions/RedisCacheAccessPolicyAssignmentProperties/properties/accessPolicyName/pattern",
    },
    accepts: matches(ACCESS_POLICY_NAME_PATTERN),
    stricter: "only the built-in policies and the component's customPolicies are accepted",
    sends: [{ type: CACHE_ASSIGNMENT, path: "accessPolicyName" }],
  },
  {
    id: "cache.assignment.objectId",
    args: "assignments[i].objectId",
    rule: "an Entra object id (a GUID)",
    spec: {
      file: "cache",
      pointer: "/definitions/RedisCacheAccessPolicyAssignmentProperties/properties/objectId",
    },
    accepts: matches(GUID),
    stricter:
      "the spec types it as a string; object ids are GUIDs, and a resource id or group path is a mistake",
    sends: [{ type: CACHE_ASSIGNMENT, path: "objectId" }],
  },
  {
    id: "cache.firewallRule.name",
    args: "firewallRules[i].name",
    rule: "1-100 letters, digits or underscores",
    spec: {
      file: "cache",
      pointer: cachePath(`${CACHE_RG}/{cacheName}/firewallRules/{ruleName}`, 4, "type"),
    },
    accepts: matches(/^\w+$/, 1, 100),
    stricter: "the spec gives no pattern; the component uses azurerm's `^\\w+$`, which Azure accepts",
    sends: [{ type: FIREWALL_RULE, path: "ruleName" }],
  },
  {
    id: "cache.firewallRule.ip",
    args: "firewallRules[i].startIp, endIp, cidr",
    rule: "an IPv4 address in dotted decimal",
    spec: { file: "cache", pointer: "/definitions/RedisFirewallRuleProperties/properties/startIP" },
    accepts: matches(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/),
    stricter: "the spec types startIP/endIP as strings; Azure Cache for Redis firewall rules are IPv4 only",
    sends: [
      { type: FIREWALL_RULE, path: "startIP" },
      { type: FIREWALL_RULE, path: "endIP" },
    ],
  },
  {
    id: "cache.linkedServer.linkedRedisCacheId",
    args: "geoReplication.linkedCacheId",
    rule: "the resource id of an Azure Cache for Redis: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/Redis/<name>",
    spec: {
      file: "cache",
      pointer: "/definitions/RedisLinkedServerCreateProperties/properties/linkedRedisCacheId",
    },
    accepts: (v) => isString(v) && CACHE_ID_PATTERN.test(v) && isCacheName(CACHE_ID_PATTERN.exec(v)![3]),
    stricter:
      "the spec types it as a string; the component requires a cache resource id (not a Managed Redis id, a host name or a cache name)",
    sends: [{ type: LINKED_SERVER, path: "linkedRedisCacheId" }],
  },
  {
    id: "cache.linkedServer.linkedRedisCacheLocation",
    args: "geoReplication.linkedCacheLocation",
    rule: "the region of the linked cache, a non-empty string",
    spec: {
      file: "cache",
      pointer: "/definitions/RedisLinkedServerCreateProperties/properties/linkedRedisCacheLocation",
    },
    accepts: anyString,
    sends: [{ type: LINKED_SERVER, path: "linkedRedisCacheLocation" }],
  },
  {
    id: "cache.linkedServer.serverRole",
    args: '(sent: "Secondary")',
    rule: `one of azure-native's redis ReplicationRole: ${enumValues(cacheEnums.ReplicationRole).join(", ")}; the link is created on the primary and names the secondary`,
    spec: {
      file: "cache",
      pointer: "/definitions/RedisLinkedServerCreateProperties/properties/serverRole",
    },
    accepts: (v) => v === cacheEnums.ReplicationRole.Secondary,
    stricter: 'only "Secondary" is sent: the component creates the link on its own cache, the geo-primary',
    sends: [{ type: LINKED_SERVER, path: "serverRole" }],
  },
  // ---- Azure Managed Redis (redisenterprise.json 2025-07-01) ----
  {
    id: "managed.clusterName",
    args: "clusterName, generated names",
    rule: "1-60 letters, digits and single hyphens, starting and ending with a letter or digit",
    spec: { file: "managed", pointer: "/parameters/ClusterNameParameter/pattern" },
    accepts: isClusterName,
    sends: [
      { type: CLUSTER, path: "clusterName" },
      { type: DATABASE, path: "clusterName" },
      { type: MANAGED_ASSIGNMENT, path: "clusterName" },
    ],
  },
  {
    id: "managed.databaseName",
    args: '(sent: "default")',
    rule: "the cluster name pattern; Azure allows a single database, named default",
    spec: { file: "managed", pointer: "/parameters/DatabaseNameParameter/pattern" },
    accepts: (v) => v === "default",
    sends: [
      { type: DATABASE, path: "databaseName" },
      { type: MANAGED_ASSIGNMENT, path: "databaseName" },
    ],
  },
  {
    id: "managed.sku.name",
    args: "sku",
    rule: "one of azure-native's redisenterprise SkuName, except Enterprise_* and EnterpriseFlash_*",
    spec: { file: "managed", pointer: "/definitions/Sku/properties/name/enum" },
    accepts: oneOf(MANAGED_SKUS),
    stricter:
      "the retired Azure Cache for Redis Enterprise SKUs (Enterprise_E*, EnterpriseFlash_F*) are refused: they are retiring and are not Azure Managed Redis",
    sends: [{ type: CLUSTER, path: "sku.name" }],
  },
  {
    id: "managed.highAvailability",
    args: "highAvailability (sent as Enabled/Disabled)",
    rule: `one of azure-native's HighAvailability: ${enumValues(managedEnums.HighAvailability).join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/ClusterProperties/properties/highAvailability/enum" },
    accepts: oneOf(enumValues(managedEnums.HighAvailability)),
    sends: [{ type: CLUSTER, path: "highAvailability" }],
  },
  {
    id: "managed.minimumTlsVersion",
    args: "(sent: 1.2)",
    rule: `one of azure-native's TlsVersion: ${enumValues(managedEnums.TlsVersion).join(", ")} (1.0 and 1.1 obsolete)`,
    spec: { file: "managed", pointer: "/definitions/ClusterProperties/properties/minimumTlsVersion/enum" },
    accepts: oneOf(enumValues(managedEnums.TlsVersion)),
    sends: [{ type: CLUSTER, path: "minimumTlsVersion" }],
  },
  {
    id: "managed.publicNetworkAccess",
    args: "(sent, from privateEndpoint, allowPublicNetworkAccess; required)",
    rule: `one of azure-native's PublicNetworkAccess: ${enumValues(managedEnums.PublicNetworkAccess).join(", ")}`,
    spec: {
      file: "managed",
      pointer: "/definitions/ClusterCreateProperties/properties/publicNetworkAccess/enum",
    },
    accepts: oneOf(enumValues(managedEnums.PublicNetworkAccess)),
    sends: [{ type: CLUSTER, path: "publicNetworkAccess" }],
  },
  {
    id: "managed.zones",
    args: "zones[i]",
    rule: "an availability zone number: 1, 2 or 3",
    spec: { file: "managed", pointer: "/definitions/Cluster/properties/zones/items" },
    accepts: oneOf(ZONES),
    stricter: "the spec types zones as strings; Azure regions have zones 1-3",
    sends: [{ type: CLUSTER, path: "zones[]" }],
  },
  {
    id: "managed.identity.type",
    args: "identity (sent: SystemAssigned, UserAssigned or both)",
    rule: `one of azure-native's ManagedServiceIdentityType: ${enumValues(managedEnums.ManagedServiceIdentityType).join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/Cluster/properties/identity" },
    accepts: oneOf(enumValues(managedEnums.ManagedServiceIdentityType)),
    sends: [{ type: CLUSTER, path: "identity.type" }],
  },
  {
    id: "managed.identity.userAssignedIdentities",
    args: "identity.userAssignedIdentityIds[i]",
    rule: "the ARM id of a Microsoft.ManagedIdentity/userAssignedIdentities resource",
    spec: { file: "managed", pointer: "/definitions/Cluster/properties/identity" },
    accepts: matches(USER_ASSIGNED_IDENTITY_ID),
    sends: [{ type: CLUSTER, path: "identity.userAssignedIdentities[]" }],
  },
  {
    id: "managed.encryption.keyEncryptionKeyUrl",
    args: "encryption.keyUrl",
    rule: "a versioned key URL: https://<vault>.vault.azure.net/keys/<name>/<version> or https://<hsm>.managedhsm.azure.net/keys/<name>/<version> (or another Azure cloud's vault suffix)",
    spec: {
      file: "managed",
      pointer: `${CMK}/properties/keyEncryptionKeyUrl`,
    },
    accepts: matches(VERSIONED_KEY_URL),
    stricter:
      'the spec types it as a string and says "versioned only" in words; the component checks the key identifier\'s shape (vault or HSM host, key name, 32-hex-digit version)',
    sends: [{ type: CLUSTER, path: "encryption.customerManagedKeyEncryption.keyEncryptionKeyUrl" }],
  },
  {
    id: "managed.encryption.identityType",
    args: "(sent: userAssignedIdentity, with encryption)",
    rule: "userAssignedIdentity",
    spec: {
      file: "managed",
      pointer: `${CMK}/properties/keyEncryptionKeyIdentity/properties/identityType/enum`,
    },
    accepts: (v) => v === managedEnums.CmkIdentityType.UserAssignedIdentity,
    stricter:
      "the enum also lists systemAssignedIdentity, but its description (and Learn) say only userAssignedIdentity is supported",
    sends: [
      {
        type: CLUSTER,
        path: "encryption.customerManagedKeyEncryption.keyEncryptionKeyIdentity.identityType",
      },
    ],
  },
  {
    id: "managed.encryption.userAssignedIdentityResourceId",
    args: "encryption.userAssignedIdentityId",
    rule: "the ARM id of a Microsoft.ManagedIdentity/userAssignedIdentities resource",
    spec: {
      file: "managed",
      pointer: `${CMK}/properties/keyEncryptionKeyIdentity/properties/userAssignedIdentityResourceId`,
    },
    accepts: matches(USER_ASSIGNED_IDENTITY_ID),
    stricter: "the spec types it as a string (its description gives this shape)",
    sends: [
      {
        type: CLUSTER,
        path: "encryption.customerManagedKeyEncryption.keyEncryptionKeyIdentity.userAssignedIdentityResourceId",
      },
    ],
  },
  {
    id: "managed.clientProtocol",
    args: "(sent: Encrypted)",
    rule: `one of azure-native's Protocol: ${enumValues(managedEnums.Protocol).join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/clientProtocol/enum" },
    accepts: (v) => v === managedEnums.Protocol.Encrypted,
    stricter: "Plaintext is never sent: Entra ID tokens are accepted over TLS only",
    sends: [{ type: DATABASE, path: "clientProtocol" }],
  },
  {
    id: "managed.port",
    args: "(sent: 10000)",
    rule: "an int32 TCP port, set at creation; Azure Managed Redis uses 10000",
    spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/port" },
    accepts: (v) => v === 10000,
    sends: [{ type: DATABASE, path: "port" }],
  },
  {
    id: "managed.clusteringPolicy",
    args: "clusteringPolicy",
    rule: `one of azure-native's ClusteringPolicy: ${enumValues(managedEnums.ClusteringPolicy).join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/clusteringPolicy/enum" },
    accepts: oneOf(enumValues(managedEnums.ClusteringPolicy)),
    sends: [{ type: DATABASE, path: "clusteringPolicy" }],
  },
  {
    id: "managed.evictionPolicy",
    args: "evictionPolicy",
    rule: `one of azure-native's EvictionPolicy: ${enumValues(managedEnums.EvictionPolicy).join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/evictionPolicy/enum" },
    accepts: oneOf(enumValues(managedEnums.EvictionPolicy)),
    sends: [{ type: DATABASE, path: "evictionPolicy" }],
  },
  {
    id: "managed.deferUpgrade",
    args: "deferUpgrade",
    rule: `one of azure-native's DeferUpgradeSetting: ${enumValues(managedEnums.DeferUpgradeSetting).join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/DatabaseProperties/properties/deferUpgrade/enum" },
    accepts: oneOf(enumValues(managedEnums.DeferUpgradeSetting)),
    sends: [{ type: DATABASE, path: "deferUpgrade" }],
  },
  {
    id: "managed.accessKeysAuthentication",
    args: "accessKeyAuthentication (sent as Enabled/Disabled)",
    rule: `one of azure-native's AccessKeysAuthentication: ${enumValues(managedEnums.AccessKeysAuthentication).join(", ")}`,
    spec: {
      file: "managed",
      pointer: "/definitions/DatabaseProperties/properties/accessKeysAuthentication/enum",
    },
    accepts: oneOf(enumValues(managedEnums.AccessKeysAuthentication)),
    sends: [{ type: DATABASE, path: "accessKeysAuthentication" }],
  },
  {
    id: "managed.persistence.aofFrequency",
    args: "persistence.aofFrequency",
    rule: `one of azure-native's AofFrequency except the deprecated "always": ${enumValues(
      managedEnums.AofFrequency,
    )
      .filter((f) => f !== managedEnums.AofFrequency.Always)
      .join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/Persistence/properties/aofFrequency/enum" },
    accepts: (v) => oneOf(enumValues(managedEnums.AofFrequency))(v) && v !== managedEnums.AofFrequency.Always,
    stricter: '"always" is refused: the spec marks it deprecated for its performance impact',
    sends: [{ type: DATABASE, path: "persistence.aofFrequency" }],
  },
  {
    id: "managed.persistence.rdbFrequency",
    args: "persistence.rdbFrequency",
    rule: `one of azure-native's RdbFrequency: ${enumValues(managedEnums.RdbFrequency).join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/Persistence/properties/rdbFrequency/enum" },
    accepts: oneOf(enumValues(managedEnums.RdbFrequency)),
    sends: [{ type: DATABASE, path: "persistence.rdbFrequency" }],
  },
  {
    id: "managed.persistence.oneOf",
    args: "persistence.aofEnabled, persistence.rdbEnabled",
    rule: "at most one of AOF and RDB persistence enabled",
    spec: { file: "managed", pointer: "/definitions/Persistence/properties/aofEnabled/description" },
    accepts: (v) =>
      typeof v === "object" &&
      v !== null &&
      !(
        (v as { aofEnabled?: unknown }).aofEnabled === true &&
        (v as { rdbEnabled?: unknown }).rdbEnabled === true
      ),
    sends: [{ type: DATABASE, path: "persistence" }],
  },
  {
    id: "managed.modules.name",
    args: "modules[i].name",
    rule: `a module Azure Managed Redis offers: ${MANAGED_MODULES.join(", ")}`,
    spec: { file: "managed", pointer: "/definitions/Module/properties/name" },
    accepts: oneOf(MANAGED_MODULES),
    stricter: "the spec types it as a string with examples; Azure Managed Redis offers these four modules",
    sends: [{ type: DATABASE, path: "modules[].name" }],
  },
  {
    id: "managed.geoReplication.groupNickname",
    args: "geoReplication.groupNickname",
    rule: "1-63 letters, digits and hyphens, starting and ending with a letter or digit, no `--`",
    spec: {
      file: "managed",
      pointer: "/definitions/DatabaseProperties/properties/geoReplication/properties/groupNickname",
    },
    accepts: matches(GEO_GROUP_NICKNAME_PATTERN),
    stricter:
      "the spec types it as a string; the component applies azurerm's validator (SPEC_FILES.azurermGeoGroup), the only written rule for it",
    sends: [{ type: DATABASE, path: "geoReplication.groupNickname" }],
  },
  {
    id: "managed.geoReplication.linkedDatabases.id",
    args: "geoReplication.linkedDatabaseIds[i], and the component's own database id",
    rule: "an Azure Managed Redis database id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/redisEnterprise/<cluster>/databases/default",
    spec: { file: "managed", pointer: "/definitions/LinkedDatabase/properties/id" },
    accepts: (v) =>
      isString(v) &&
      MANAGED_DATABASE_ID_PATTERN.test(v) &&
      isClusterName(MANAGED_DATABASE_ID_PATTERN.exec(v)![3]),
    stricter:
      'the spec allows any id of type Microsoft.Cache/redisEnterprise/databases; Azure Managed Redis has only the database "default"',
    sends: [{ type: DATABASE, path: "geoReplication.linkedDatabases[].id" }],
  },
  {
    id: "managed.assignment.name",
    args: "assignments[i].objectId (hyphens dropped; the alias for assignments created by 0.1.0)",
    rule: "1-60 letters or digits",
    spec: { file: "managed", pointer: "/parameters/AccessPolicyAssignmentNameParameter/pattern" },
    accepts: matches(MANAGED_ASSIGNMENT_NAME_PATTERN),
    sends: [
      { type: MANAGED_ASSIGNMENT, path: "accessPolicyAssignmentName" },
      { type: GENERIC_RESOURCE, path: "resourceName" },
    ],
  },
  {
    id: "managed.assignment.accessPolicyName",
    args: 'assignments[i].policy ("default" only)',
    rule: 'the policy name pattern; only "default" is supported',
    spec: {
      file: "managed",
      pointer: "/definitions/AccessPolicyAssignmentProperties/properties/accessPolicyName",
    },
    accepts: (v) => v === "default",
    sends: [
      { type: MANAGED_ASSIGNMENT, path: "accessPolicyName" },
      { type: GENERIC_RESOURCE, path: "properties.accessPolicyName" },
    ],
  },
  {
    id: "managed.assignment.accessString",
    args: "assignments[i].policy (built-in or customPolicies[j].permissions)",
    rule: "a Redis ACL permission string (commands, categories, key and channel patterns); Azure's default is +@all ~*",
    spec: {
      file: "managedAccess",
      pointer: "/definitions/AccessPolicyAssignmentProperties/properties/accessString",
    },
    accepts: (v) => isString(v) && checkAclPermissions(v).ok,
    stricter:
      "the spec types it as a string and reports bad syntax only after deployment (provisioningError InvalidAccessString); the component checks it with the ACL checker first",
    sends: [{ type: GENERIC_RESOURCE, path: "properties.accessString" }],
  },
  {
    id: "managed.assignment.objectId",
    args: "assignments[i].objectId",
    rule: "an Entra object id (a GUID)",
    spec: {
      file: "managed",
      pointer: "/definitions/AccessPolicyAssignmentProperties/properties/user/properties/objectId",
    },
    accepts: matches(GUID),
    stricter: "the spec types it as a string; object ids are GUIDs",
    sends: [
      { type: MANAGED_ASSIGNMENT, path: "user.objectId" },
      { type: GENERIC_RESOURCE, path: "properties.user.objectId" },
    ],
  },
  // ---- names of the network children (Microsoft.Network; the specs give no pattern) ----
  {
    id: "network.privateEndpoint.name",
    args: "generated from the component name",
    rule: "2-64 letters, digits, underscores, periods or hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
    spec: { file: "naming", pointer: "#microsoftnetwork" },
    accepts: matches(/^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/, 2, 64),
    sends: [{ type: "azure-native:network:PrivateEndpoint", path: "privateLinkServiceConnections[].name" }],
  },
  {
    id: "network.virtualNetworkLink.name",
    args: "generated from the component name",
    rule: "1-80 letters, digits, underscores, periods or hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
    spec: { file: "naming", pointer: "#microsoftnetwork" },
    accepts: matches(/^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/, 1, 80),
    sends: [],
  },
];

/** The constraint with this id (throws for an unknown id: a typo in the code, not user input). */
export function constraint(id: string): AzureConstraint {
  const c = AZURE_CONSTRAINTS.find((x) => x.id === id);
  if (c === undefined) throw new Error(`azure-spec: no constraint "${id}"`);
  return c;
}

/** The value at a dotted input path (`[]` fans out over arrays); every value found. */
export function valuesAt(inputs: unknown, path: string): unknown[] {
  let current: unknown[] = [inputs];
  for (const step of path.split(".")) {
    const many = step.endsWith("[]");
    const key = many ? step.slice(0, -2) : step;
    const next: unknown[] = [];
    for (const v of current) {
      if (typeof v !== "object" || v === null) continue;
      const x = (v as Record<string, unknown>)[key];
      if (x === undefined) continue;
      if (many) {
        if (Array.isArray(x)) next.push(...(x as unknown[]));
      } else next.push(x);
    }
    current = next;
  }
  return current;
}
