/** The arguments of EntraRedisCache, as every Pulumi language sees them (schema: test/infra/schema.test.ts). */
import type * as pulumi from "@pulumi/pulumi";
import {
  ASSIGNMENT_SHAPE,
  CACHE_GEO_REPLICATION_SHAPE,
  CUSTOM_POLICY_SHAPE,
  DIAGNOSTICS_SHAPE,
  EXISTING_CACHE_SHAPE,
  FIREWALL_RULE_SHAPE,
  IDENTITY_SHAPE,
  PATCH_SCHEDULE_SHAPE,
  PRIVATE_ENDPOINT_SHAPE,
  ROLE_ASSIGNMENT_SHAPE,
} from "../arg-shapes.ts";
import { argShape, type ArgShape } from "../unknown-args.ts";
import type { CustomPolicyArgs } from "../parts/custom-policies.ts";
import type { ExistingCacheArgs } from "./existing-cache.ts";
import type { FirewallRuleArgs } from "../parts/firewall-rules.ts";
import type { CacheGeoReplicationArgs } from "../parts/geo-replication.ts";
import {
  KEYSPACE_NOTIFICATIONS_SHAPE,
  type KeyspaceNotificationsArgs,
} from "../parts/keyspace-notifications.ts";
import type {
  AssignmentArgs,
  CacheSku,
  DiagnosticsArgs,
  LockLevel,
  ManagedIdentityArgs,
  PatchScheduleEntryArgs,
  PrivateEndpointArgs,
  RoleAssignmentArgs,
  UpdateChannel,
  ZonalAllocationPolicy,
} from "../types.ts";

/** Arguments of {@link EntraRedisCache}. */
export interface EntraRedisCacheArgs {
  /**
   * Resource group for the cache and everything the component creates (private endpoint, DNS zone).
   * Required for a new cache; with `existingCache` it defaults to the existing cache's group.
   */
  resourceGroupName?: pulumi.Input<string>;
  /** Azure region of the cache (default: the resource group's provider default location). */
  location?: pulumi.Input<string>;
  /** Cache name (1-63 letters, digits, single hyphens); generated from the component name when omitted. */
  cacheName?: string;
  /** Tags for the cache, private endpoint and DNS zone. */
  tags?: { [key: string]: pulumi.Input<string> };
  /** Pricing tier: "Basic", "Standard" (default) or "Premium". */
  sku?: CacheSku;
  /** Size within the tier (default 1): 0-6 for Basic/Standard (family C), 1-5 for Premium (family P). */
  capacity?: number;
  /** Redis version (default "6"); 4 has no ACLs and so no Entra ID. */
  redisVersion?: string;
  /** Availability zones, e.g. ["1", "2"]. */
  zones?: string[];
  /**
   * How Azure places the cache in zones: "Automatic" (zone redundant, Azure picks), "UserDefined" (the
   * `zones` given; needs them), "NoZones". Left out: "UserDefined" with `zones`, otherwise Azure's
   * default ("Automatic" where the region has zones).
   */
  zonalAllocationPolicy?: ZonalAllocationPolicy;
  /** Update channel for monthly Redis updates: "Stable" (Azure's default) or "Preview" (earlier; non-production). */
  updateChannel?: UpdateChannel;
  /** Replicas per primary (Premium only). */
  replicasPerPrimary?: number;
  /** Number of shards of a clustered cache (Premium only); clients must then be cluster-aware. */
  shardCount?: number;
  /**
   * Extra Redis settings in azure-native's camelCase, e.g. { maxmemoryPolicy: "allkeys-lru" }. Can't
   * contain aadEnabled or authnotrequired: Entra ID stays on.
   */
  redisConfiguration?: { [key: string]: pulumi.Input<string> };
  /** Keep access keys working next to Entra ID (default false: keys disabled, Entra ID only). */
  accessKeyAuthentication?: boolean;
  /**
   * Guard the cache's data (default true): the cache is registered with Pulumi's `protect: true`, so
   * `pulumi preview` and `pulumi up` refuse, naming it, any edit that would replace it (a new
   * cacheName or resourceGroupName: a new, empty cache) or delete it. `false` is the explicit opt-in
   * to such an edit (it may come in the same update); removing the component takes an update with
   * `false` first. A plain boolean; a creation argument (an existing cache isn't the component's).
   */
  protectData?: boolean;
  /** Custom data access policies (Redis ACL rules), created before the assignments that use them. */
  customPolicies?: CustomPolicyArgs[];
  /** The identities that may connect, one assignment each (at least one). */
  assignments: AssignmentArgs[];
  /** IPv4 firewall rules filtering public access: single addresses, ranges or CIDR blocks. */
  firewallRules?: FirewallRuleArgs[];
  /** A private endpoint and its private DNS zone; public access is then off unless allowPublicNetworkAccess is true. */
  privateEndpoint?: PrivateEndpointArgs;
  /**
   * Explicit opt-in to public network access: alone, the cache is open to the internet (Entra ID still
   * required); with privateEndpoint and firewallRules, public access stays on, filtered by the rules.
   */
  allowPublicNetworkAccess?: boolean;
  /**
   * Manage an existing cache instead of creating one: its policies, assignments, firewall rules and
   * private endpoint. The cache must already have Entra ID on, Redis 6 and no non-TLS port. Can't be
   * combined with the creation arguments (location, cacheName, tags, sku, capacity, redisVersion,
   * zones, zonalAllocationPolicy, updateChannel, replicasPerPrimary, shardCount, redisConfiguration,
   * accessKeyAuthentication, allowPublicNetworkAccess, identity).
   */
  existingCache?: ExistingCacheArgs;
  /** Diagnostic settings: where the logs and metrics go (at least one destination). */
  diagnostics?: DiagnosticsArgs;
  /** Control-plane (Azure RBAC) role assignments on the resource; data access is `assignments`. */
  roleAssignments?: RoleAssignmentArgs[];
  /**
   * Weekly windows in which Azure may apply Redis server updates (`redis:PatchSchedule` "default"), at
   * most one a day. Allowed with existingCache too: it replaces that cache's schedule.
   */
  patchSchedule?: PatchScheduleEntryArgs[];
  /**
   * Passive geo-replication (Premium): this cache becomes the geo-primary of the linked cache, its
   * read-only geo-secondary (`redis:LinkedServer`, created after the cache's other writes). Both
   * caches Premium, same subscription, the secondary the same size or larger, same shard count; no
   * zones, persistence or more than one replica.
   */
  geoReplication?: CacheGeoReplicationArgs;
  /**
   * Keyspace notifications: Redis publishes an event when a key of the chosen classes changes,
   * expires or is evicted (`redisConfiguration.notify-keyspace-events`, from named classes). Not with
   * existingCache, nor beside redisConfiguration.notifyKeyspaceEvents.
   */
  keyspaceNotifications?: KeyspaceNotificationsArgs;
  /** A management lock on the resource, created after everything else (see README for what ReadOnly breaks). */
  lock?: LockLevel;
  /**
   * The cache's own managed identity (system-assigned and/or user-assigned), e.g. for persistence
   * with `redisConfiguration.preferredDataPersistenceAuthMethod: "ManagedIdentity"`. A creation argument.
   */
  identity?: ManagedIdentityArgs;
}

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
    protectData: "value",
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
    keyspaceNotifications: { object: KEYSPACE_NOTIFICATIONS_SHAPE },
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
