/**
 * The shapes of the nested arguments both components share, one per args interface (unknown-args.ts).
 * `argShape<T>` requires every key of T and no other, so a field added to an interface fails the
 * typecheck until it is listed. Each component's top-level shape sits beside its args interface
 * (`<component>/args.ts`).
 */
import type { CustomPolicyArgs } from "./parts/custom-policies.ts";
import type { ExistingCacheArgs } from "./redis-cache/existing-cache.ts";
import type { FirewallRuleArgs } from "./parts/firewall-rules.ts";
import type { ManagedRedisGeoReplicationArgs } from "./managed-redis/geo-replication.ts";
import type { CacheGeoReplicationArgs } from "./parts/geo-replication.ts";
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
