/**
 * azure-redis-entra: Pulumi components for password-free (Microsoft Entra ID) Redis on Azure.
 * The client runtime lives in `azure-redis-entra/client` and never loads this entry point.
 */
export { REDIS_TOKEN_SCOPE } from "./internal/token-scope.ts";
export { EntraRedisInputError } from "./infra/errors.ts";
export { EntraRedisCache, type EntraRedisCacheArgs } from "./infra/redis-cache.ts";
export { EntraManagedRedis, type EntraManagedRedisArgs } from "./infra/managed-redis.ts";
export { BuiltInPolicies, type BuiltInPolicy } from "./infra/policies.ts";
export { BUILT_IN_ROLES, type BuiltInRole } from "./infra/parts/roles.ts";
export { currentPrincipal } from "./infra/principal.ts";
export { adoptExisting } from "./infra/adopt.ts";
export {
  CacheSku,
  ManagedRedisSku,
  ClusteringPolicy,
  AofFrequency,
  RdbFrequency,
  LockLevel,
  PrincipalType,
  DayOfWeek,
  ZonalAllocationPolicy,
  DeferUpgrade,
  LogAnalyticsDestinationType,
  UpdateChannel,
  type PatchScheduleEntryArgs,
  type AssignmentArgs,
  type DiagnosticsArgs,
  type RoleAssignmentArgs,
  type PrivateEndpointArgs,
  type MigratedEndpoint,
  type RedisConnection,
  type ManagedRedisPersistenceArgs,
  type ManagedRedisModuleArgs,
  type ManagedIdentityArgs,
  type ManagedRedisEncryptionArgs,
} from "./infra/types.ts";
export type { CustomPolicyArgs } from "./infra/parts/custom-policies.ts";
export type { MigrateFromArgs } from "./infra/parts/migration.ts";
export type { FirewallRuleArgs } from "./infra/parts/firewall-rules.ts";
export type { ExistingCacheArgs } from "./infra/redis-cache/existing-cache.ts";
export type { CacheGeoReplicationArgs } from "./infra/parts/geo-replication.ts";
export {
  KeyspaceEvent,
  KeyspaceChannel,
  type KeyspaceNotificationsArgs,
} from "./infra/parts/keyspace-notifications.ts";
export type { ManagedRedisGeoReplicationArgs } from "./infra/managed-redis/geo-replication.ts";
