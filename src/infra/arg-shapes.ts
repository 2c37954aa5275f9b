/**
 * The argument keys of both components, one shape per args interface (unknown-args.ts). `argShape<T>`
 * requires every key of T and no other, so a field added to an interface fails the typecheck here
 * until it is listed.
 */
import type { CustomPolicyArgs } from "./parts/custom-policies.ts";
import type { ExistingCacheArgs } from "./redis-cache/existing-cache.ts";
import type { FirewallRuleArgs } from "./parts/firewall-rules.ts";
import type { CacheGeoReplicationArgs, ManagedRedisGeoReplicationArgs } from "./parts/geo-replication.ts";
import type { EntraManagedRedisArgs } from "./managed-redis/args.ts";
import type { MigrateFromArgs } from "./parts/migration.ts";
import type { EntraRedisCacheArgs } from "./redis-cache/args.ts";
import type {
  AssignmentArgs,
  DiagnosticsArgs,
  ManagedIdentityArgs,
  ManagedRedisEncryptionArgs,
  ManagedRedisModuleArgs,
  ManagedRedisPersistenceArgs,
  PatchScheduleEntryArgs,
  PrivateEndpointArgs,
  RoleAssignmentArgs,
} from "./types.ts";
import { argShape, type ArgShape } from "./unknown-args.ts";

export const ASSIGNMENT_SHAPE: ArgShape = argShape<AssignmentArgs>(
  { objectId: "value", alias: "value", policy: "value" },
  { seeAlso: { principalId: "objectId", accessPolicyName: "policy", name: "alias", objectIdAlias: "alias" } },
);

export const PRIVATE_ENDPOINT_SHAPE: ArgShape = argShape<PrivateEndpointArgs>(
  { privateDnsZoneId: "value", subnetId: "value", virtualNetworkId: "value" },
  { seeAlso: { subnet: "subnetId", vnetId: "virtualNetworkId", zoneId: "privateDnsZoneId" } },
);

export const CUSTOM_POLICY_SHAPE: ArgShape = argShape<CustomPolicyArgs>({
  name: "value",
  permissions: "value",
});

export const FIREWALL_RULE_SHAPE: ArgShape = argShape<FirewallRuleArgs>(
  { name: "value", startIp: "value", endIp: "value", cidr: "value" },
  { seeAlso: { startIP: "startIp", endIP: "endIp" } },
);

export const EXISTING_CACHE_SHAPE: ArgShape = argShape<ExistingCacheArgs>(
  { name: "value", resourceGroupName: "value" },
  { seeAlso: { cacheName: "name" } },
);

export const PERSISTENCE_SHAPE: ArgShape = argShape<ManagedRedisPersistenceArgs>({
  aofEnabled: "value",
  aofFrequency: "value",
  rdbEnabled: "value",
  rdbFrequency: "value",
});

export const DIAGNOSTICS_SHAPE: ArgShape = argShape<DiagnosticsArgs>(
  {
    name: "value",
    workspaceId: "value",
    storageAccountId: "value",
    eventHubAuthorizationRuleId: "value",
    eventHubName: "value",
    logs: "value",
    metrics: "value",
    logAnalyticsDestinationType: "value",
  },
  {
    seeAlso: {
      logAnalyticsWorkspaceId: "workspaceId",
      categories: "logs",
      destinationType: "logAnalyticsDestinationType",
    },
  },
);

export const ROLE_ASSIGNMENT_SHAPE: ArgShape = argShape<RoleAssignmentArgs>(
  { principalId: "value", role: "value", principalType: "value", description: "value", condition: "value" },
  { seeAlso: { objectId: "principalId", roleDefinitionId: "role", roleDefinitionIdOrName: "role" } },
);

export const PATCH_SCHEDULE_SHAPE: ArgShape = argShape<PatchScheduleEntryArgs>(
  { dayOfWeek: "value", startHourUtc: "value", maintenanceWindow: "value" },
  {
    seeAlso: {
      day: "dayOfWeek",
      startHour: "startHourUtc",
      startHourUTC: "startHourUtc",
      duration: "maintenanceWindow",
    },
  },
);

export const MANAGED_GEO_REPLICATION_SHAPE: ArgShape = argShape<ManagedRedisGeoReplicationArgs>(
  { groupNickname: "value", linkedDatabaseIds: "value" },
  {
    seeAlso: {
      groupName: "groupNickname",
      geoReplicationGroupName: "groupNickname",
      linkedDatabases: "linkedDatabaseIds",
      linkedDatabaseId: "linkedDatabaseIds",
      linkedCacheId: "linkedDatabaseIds",
    },
  },
);

export const CACHE_GEO_REPLICATION_SHAPE: ArgShape = argShape<CacheGeoReplicationArgs>(
  { linkedCacheId: "value", linkedCacheLocation: "value" },
  {
    seeAlso: {
      linkedRedisCacheId: "linkedCacheId",
      linkedRedisCacheLocation: "linkedCacheLocation",
      location: "linkedCacheLocation",
      linkedDatabaseIds: "linkedCacheId",
    },
    refused: {
      serverRole: {
        problem: "can't be set",
        fix: "remove it: this cache is the geo-primary and the linked cache its geo-secondary (the role is always Secondary)",
      },
      groupNickname: {
        problem: "is for Azure Managed Redis (active geo-replication)",
        fix: "remove it: passive geo-replication links exactly two caches, by linkedCacheId",
      },
    },
  },
);

export const IDENTITY_SHAPE: ArgShape = argShape<ManagedIdentityArgs>(
  { systemAssigned: "value", userAssignedIdentityIds: "value" },
  {
    seeAlso: {
      type: "systemAssigned",
      systemAssignedIdentity: "systemAssigned",
      userAssignedIdentities: "userAssignedIdentityIds",
      userAssignedIdentityResourceIds: "userAssignedIdentityIds",
      identityIds: "userAssignedIdentityIds",
    },
  },
);

export const ENCRYPTION_SHAPE: ArgShape = argShape<ManagedRedisEncryptionArgs>(
  { keyUrl: "value", userAssignedIdentityId: "value" },
  {
    seeAlso: {
      keyEncryptionKeyUrl: "keyUrl",
      keyUri: "keyUrl",
      keyVaultKeyUrl: "keyUrl",
      userAssignedIdentityResourceId: "userAssignedIdentityId",
      identityId: "userAssignedIdentityId",
    },
  },
);

export const MODULE_SHAPE: ArgShape = argShape<ManagedRedisModuleArgs>({ name: "value", args: "value" });

/** Top-level arguments of EntraRedisCache. */
export const CACHE_ARGS_SHAPE: ArgShape = argShape<EntraRedisCacheArgs>(
  {
    resourceGroupName: "value",
    location: "value",
    cacheName: "value",
    tags: "map",
    sku: "value",
    capacity: "value",
    redisVersion: "value",
    zones: "value",
    zonalAllocationPolicy: "value",
    updateChannel: "value",
    replicasPerPrimary: "value",
    shardCount: "value",
    redisConfiguration: "map",
    accessKeyAuthentication: "value",
    customPolicies: { list: CUSTOM_POLICY_SHAPE },
    assignments: { list: ASSIGNMENT_SHAPE },
    firewallRules: { list: FIREWALL_RULE_SHAPE },
    privateEndpoint: { object: PRIVATE_ENDPOINT_SHAPE },
    allowPublicNetworkAccess: "value",
    existingCache: { object: EXISTING_CACHE_SHAPE },
    diagnostics: { object: DIAGNOSTICS_SHAPE },
    roleAssignments: { list: ROLE_ASSIGNMENT_SHAPE },
    patchSchedule: { list: PATCH_SCHEDULE_SHAPE },
    geoReplication: { object: CACHE_GEO_REPLICATION_SHAPE },
    lock: "value",
    identity: { object: IDENTITY_SHAPE },
  },
  {
    seeAlso: {
      name: "cacheName",
      scheduleEntries: "patchSchedule",
      clusterName: "cacheName",
      maxmemoryPolicy: "redisConfiguration",
      evictionPolicy: "redisConfiguration",
      publicNetworkAccess: "allowPublicNetworkAccess",
      disableAccessKeyAuthentication: "accessKeyAuthentication",
    },
    refused: {
      enableNonSslPort: {
        problem: "can't be set",
        fix: "the non-TLS port stays closed: Entra ID tokens are accepted over TLS only (port 6380); remove it",
      },
      minimumTlsVersion: {
        problem: "can't be set",
        fix: "the component always requires TLS 1.2; remove it",
      },
      encryption: {
        problem:
          "is not supported: Azure Cache for Redis (Basic, Standard, Premium) has no customer-managed key encryption",
        fix: "remove it (its disks use Microsoft-managed keys), or use EntraManagedRedis, whose encryption takes your Key Vault key",
      },
    },
  },
);

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
