/**
 * Geo-replication, on both components (docs/azure-facts.md, "Geo-replication"):
 *
 * - Azure Managed Redis: active geo-replication. The database joins a group when it is created
 *   (`geoReplication { groupNickname, linkedDatabases }` on the Database, set in managed-redis/create.ts):
 *   every member lists the group's existing databases and itself. Each member is its own component,
 *   usually in its own region; the second one gets the first one's `databaseId`. Checked here: the
 *   group name, the ids (shape, at most four others, no duplicates), and what Azure documents about
 *   the member itself (no Balanced B0/B1, high availability, no persistence, only RediSearch and
 *   RedisJSON, NoEviction on Flash Optimized). That all members have the same SKU, clustering policy,
 *   modules and eviction policy can't be checked from one member: Azure refuses the join.
 * - Azure Cache for Redis: passive geo-replication of a Premium cache (`redis:LinkedServer` on this
 *   cache, the geo-primary, naming the geo-secondary with serverRole "Secondary"). Checked here: the
 *   linked cache id, and this cache: Premium, no zones, at most one replica, no persistence (new
 *   cache: from the arguments; existing cache: from its state). That the secondary is Premium, at
 *   least as large, in the same subscription and with the same shard count is Azure's to refuse; the
 *   same subscription is checked once this cache's id is known, before the link is created.
 *
 * The link is a write to the cache; Azure takes one at a time, so it waits for every child created
 * before it (the access chain, firewall rules, patch schedule). The lock still comes after it.
 */
import * as redis from "@pulumi/azure-native/redis/index.js";
import * as pulumi from "@pulumi/pulumi";
import { CACHE_ID_PATTERN, MANAGED_DATABASE_ID_PATTERN } from "../rules/ids.ts";
import { constraint } from "../rules/index.ts";
import type { InputGate } from "../input-gate.ts";
import type { PartScope } from "../part.ts";
import type { ManagedRedisModuleArgs, ManagedRedisPersistenceArgs } from "../types.ts";
import { fail, isKnown, type ErrorContext } from "../validate.ts";

/**
 * Active geo-replication of an Azure Managed Redis database: the group it creates or joins. Fixed at
 * creation (the spec makes geoReplication create-only): set it on the first deployment.
 */
export interface ManagedRedisGeoReplicationArgs {
  /**
   * Name of the geo-replication group, the same on every member: 1-63 letters, digits and hyphens,
   * starting and ending with a letter or digit.
   */
  groupNickname: pulumi.Input<string>;
  /**
   * Database ids of the group's existing members (at most four: a group has up to five), e.g. the first
   * region's `databaseId` output. Leave it out on the first member. The component adds its own
   * database id, as Azure requires.
   */
  linkedDatabaseIds?: pulumi.Input<string>[];
}

/**
 * Passive geo-replication of a Premium Azure Cache for Redis: this cache is the geo-primary and the
 * linked cache (an existing Premium cache, same subscription, same size or larger) its read-only
 * geo-secondary.
 */
export interface CacheGeoReplicationArgs {
  /** Resource id of the geo-secondary cache, e.g. the other region's `resourceId` output. */
  linkedCacheId: pulumi.Input<string>;
  /** Region of the geo-secondary cache, e.g. "northeurope". */
  linkedCacheLocation: pulumi.Input<string>;
}

/** The Managed Redis geo-replication, checked: what the Database gets. */
export interface CheckedManagedGeoReplication {
  groupNickname: pulumi.Input<string>;
  /** The other members' database ids (the component adds its own at creation). */
  linkedDatabaseIds: pulumi.Input<string>[];
}

/** The passive geo-replication link, checked: what the LinkedServer gets. */
export interface CheckedCacheGeoReplication {
  linkedCacheId: pulumi.Input<string>;
  linkedCacheLocation: pulumi.Input<string>;
}

/** SKUs without active geo-replication (Learn, "Scope of availability"; azurerm's SKUsSupportingGeoReplication). */
export const NO_GEO_REPLICATION_SKUS = ["Balanced_B0", "Balanced_B1"] as const;
/** The only modules active geo-replication supports (Learn, prerequisites). */
export const GEO_REPLICATION_MODULES = ["RediSearch", "RedisJSON"] as const;
/** A group has up to five members: this database and four others. */
export const MAX_LINKED_DATABASES = 4;

/** What checkManagedGeoReplication needs of the rest of the arguments (defaults applied). */
export interface ManagedGeoContext {
  sku: string;
  /** Whether the sku was given (the message says "the default" otherwise). */
  skuGiven: boolean;
  highAvailability: boolean;
  evictionPolicy?: string;
  persistence?: ManagedRedisPersistenceArgs;
  modules?: ManagedRedisModuleArgs[];
  /** Plain cluster name and resource group, when given: to spot this database's own id in the list. */
  clusterName?: string;
  resourceGroupName?: pulumi.Input<string>;
}

const FIELD = "geoReplication";

/** Checks `geoReplication` of EntraManagedRedis (plain values now, Outputs through the gate). */
export function checkManagedGeoReplication(
  ctx: ErrorContext,
  gate: InputGate,
  geo: unknown,
  own: ManagedGeoContext,
): CheckedManagedGeoReplication | undefined {
  if (geo === undefined) return undefined;
  if (typeof geo !== "object" || geo === null || Array.isArray(geo))
    fail(
      ctx,
      FIELD,
      geo,
      "is not an object",
      'give { groupNickname: "my-group" } on the first member, and { groupNickname, linkedDatabaseIds: [first.databaseId] } on the others',
    );
  const { groupNickname, linkedDatabaseIds } = geo as Partial<ManagedRedisGeoReplicationArgs>;
  if (groupNickname === undefined)
    fail(
      ctx,
      `${FIELD}.groupNickname`,
      undefined,
      "is missing",
      "give the group's name, the same on every member",
    );
  const nickname = gate.check(groupNickname, (v) => checkGroupNickname(ctx, v));
  let ids: pulumi.Input<string>[] = [];
  if (linkedDatabaseIds !== undefined) {
    if (!Array.isArray(linkedDatabaseIds))
      fail(
        ctx,
        `${FIELD}.linkedDatabaseIds`,
        linkedDatabaseIds,
        "is not a list",
        "give the other members' database ids, e.g. [first.databaseId]",
      );
    if (linkedDatabaseIds.length > MAX_LINKED_DATABASES)
      fail(
        ctx,
        `${FIELD}.linkedDatabaseIds`,
        `${linkedDatabaseIds.length} ids`,
        `lists more than ${MAX_LINKED_DATABASES} other databases: a geo-replication group has at most five members`,
        `give at most ${MAX_LINKED_DATABASES} ids (this database is the fifth)`,
      );
    ids = linkedDatabaseIds.map((id, i) =>
      gate.check(id, (v) => checkLinkedDatabaseId(ctx, `${FIELD}.linkedDatabaseIds[${i}]`, v, own)),
    );
    gate.checkAll(ids, (resolved) => checkDistinctIds(ctx, `${FIELD}.linkedDatabaseIds`, resolved));
  }
  checkGeoMember(ctx, own);
  return { groupNickname: nickname, linkedDatabaseIds: ids };
}

function checkGroupNickname(ctx: ErrorContext, value: unknown): void {
  if (!constraint("managed.geoReplication.groupNickname").accepts(value))
    fail(
      ctx,
      `${FIELD}.groupNickname`,
      value,
      "is not a geo-replication group name",
      'use 1-63 letters, digits and single hyphens, starting and ending with a letter or digit, e.g. "orders-geo"',
    );
}

/** A Managed Redis database id, and not this component's own one (when that can be told now). */
function checkLinkedDatabaseId(
  ctx: ErrorContext,
  field: string,
  value: unknown,
  own: ManagedGeoContext,
): void {
  const m = typeof value === "string" ? MANAGED_DATABASE_ID_PATTERN.exec(value) : null;
  if (m === null || !constraint("managed.geoReplication.linkedDatabases.id").accepts(value))
    fail(
      ctx,
      field,
      value,
      "is not an Azure Managed Redis database id",
      "give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/redisEnterprise/<cluster>/databases/default, e.g. the other member's databaseId output (not its resourceId, the cluster's)",
    );
  const rg = own.resourceGroupName;
  if (
    own.clusterName !== undefined &&
    typeof rg === "string" &&
    m[2].toLowerCase() === rg.toLowerCase() &&
    m[3].toLowerCase() === own.clusterName.toLowerCase()
  )
    fail(
      ctx,
      field,
      value,
      "is this component's own database",
      "leave it out: the component adds its own database id to the group",
    );
}

function checkDistinctIds(ctx: ErrorContext, field: string, ids: readonly string[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const key = id.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined)
      fail(
        ctx,
        `${field}[${i}]`,
        id,
        `is listed twice (also ${field}[${first}])`,
        "list each member's database once",
      );
    seen.set(key, i);
  });
}

/** What Azure documents about a member of a group, checked on this one. */
function checkGeoMember(ctx: ErrorContext, own: ManagedGeoContext): void {
  if ((NO_GEO_REPLICATION_SKUS as readonly string[]).includes(own.sku))
    fail(
      ctx,
      "sku",
      own.skuGiven ? own.sku : `${own.sku} (the default)`,
      "doesn't support active geo-replication (geoReplication): Balanced B0 and B1 don't",
      'use "Balanced_B3" or larger, or a MemoryOptimized, ComputeOptimized or FlashOptimized SKU, the same on every member',
    );
  if (!own.highAvailability)
    fail(
      ctx,
      "highAvailability",
      false,
      "is off, and active geo-replication (geoReplication) needs high availability",
      "remove highAvailability: false",
    );
  const p = own.persistence;
  if (p !== undefined && (p.aofEnabled === true || p.rdbEnabled === true))
    fail(
      ctx,
      "persistence",
      p.aofEnabled === true ? "aofEnabled: true" : "rdbEnabled: true",
      "can't be combined with active geo-replication (geoReplication): Azure doesn't support persistence in a group",
      "remove persistence: the other members hold the data",
    );
  (own.modules ?? []).forEach((m, i) => {
    if (!(GEO_REPLICATION_MODULES as readonly string[]).includes(m.name))
      fail(
        ctx,
        `modules[${i}].name`,
        m.name,
        "isn't supported with active geo-replication (geoReplication)",
        `use only ${GEO_REPLICATION_MODULES.join(" and ")}, the same on every member, or leave geoReplication out`,
      );
  });
  if (own.sku.startsWith("FlashOptimized_") && own.evictionPolicy !== "NoEviction")
    fail(
      ctx,
      "evictionPolicy",
      own.evictionPolicy ?? "VolatileLRU (Azure's default)",
      `is not NoEviction, the only eviction policy active geo-replication allows on Flash Optimized (sku "${own.sku}")`,
      'set evictionPolicy: "NoEviction"',
    );
}

/**
 * The Database's `geoReplication`: the other members, then this database (its id is the cluster's id
 * and `/databases/default`; Azure requires it in the list). An id that turns out to be this database
 * itself fails the database's registration (the cluster exists by then; plain ids are caught earlier).
 */
export function managedGeoReplicationInput(
  ctx: ErrorContext,
  geo: CheckedManagedGeoReplication,
  clusterId: pulumi.Output<string>,
): pulumi.Input<{ groupNickname: pulumi.Input<string>; linkedDatabases: pulumi.Input<{ id: string }[]> }> {
  return {
    groupNickname: geo.groupNickname,
    linkedDatabases: pulumi.all([clusterId, ...geo.linkedDatabaseIds]).apply(([cluster, ...others]) => {
      const self = `${cluster}/databases/default`;
      others.forEach((id, i) => {
        if (id.toLowerCase() === self.toLowerCase())
          fail(
            ctx,
            `${FIELD}.linkedDatabaseIds[${i}]`,
            id,
            "is this component's own database",
            "leave it out: the component adds its own database id to the group",
          );
      });
      return [...others, self].map((id) => ({ id }));
    }),
  };
}

/** The Database's resource options for geo-replication (see managed-redis/create.ts). */
export const MANAGED_GEO_IGNORE_CHANGES = ["geoReplication.linkedDatabases"];

// ---- Azure Cache for Redis: passive geo-replication ----

/** What checkCacheGeoReplication needs of a new cache's arguments (defaults applied). */
export interface NewCacheGeoContext {
  sku: string;
  zones?: string[];
  zonalAllocationPolicy?: string;
  replicasPerPrimary?: number;
  redisConfiguration?: { [key: string]: pulumi.Input<string> };
}

/** Checks `geoReplication` of EntraRedisCache; `cache` is undefined for an existing cache (checked from its state). */
export function checkCacheGeoReplication(
  ctx: ErrorContext,
  gate: InputGate,
  geo: unknown,
  cache: NewCacheGeoContext | undefined,
): CheckedCacheGeoReplication | undefined {
  if (geo === undefined) return undefined;
  if (typeof geo !== "object" || geo === null || Array.isArray(geo))
    fail(
      ctx,
      FIELD,
      geo,
      "is not an object",
      'give { linkedCacheId: secondary.resourceId, linkedCacheLocation: "northeurope" }',
    );
  const { linkedCacheId, linkedCacheLocation } = geo as Partial<CacheGeoReplicationArgs>;
  for (const [key, v] of [
    ["linkedCacheId", linkedCacheId],
    ["linkedCacheLocation", linkedCacheLocation],
  ] as const)
    if (v === undefined)
      fail(
        ctx,
        `${FIELD}.${key}`,
        undefined,
        "is missing",
        key === "linkedCacheId"
          ? "give the geo-secondary cache's resource id, e.g. secondary.resourceId"
          : 'give the geo-secondary cache\'s region, e.g. "northeurope"',
      );
  const id = gate.check(linkedCacheId!, (v) => checkLinkedCacheId(ctx, v));
  const location = gate.check(linkedCacheLocation!, (v) => {
    if (typeof v !== "string" || v.trim() === "")
      fail(
        ctx,
        `${FIELD}.linkedCacheLocation`,
        v,
        "is empty",
        'give the geo-secondary cache\'s region, e.g. "northeurope"',
      );
  });
  if (cache !== undefined) checkNewCacheGeo(ctx, gate, cache);
  return { linkedCacheId: id, linkedCacheLocation: location };
}

function checkLinkedCacheId(ctx: ErrorContext, value: unknown): void {
  if (!constraint("cache.linkedServer.linkedRedisCacheId").accepts(value))
    fail(
      ctx,
      `${FIELD}.linkedCacheId`,
      value,
      "is not an Azure Cache for Redis resource id",
      "give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/Redis/<name>, e.g. the geo-secondary component's resourceId output",
    );
}

const PERSISTENCE_KEYS = ["rdbBackupEnabled", "aofBackupEnabled"] as const;
const isTrue = (v: unknown): boolean => typeof v === "string" && v.toLowerCase() === "true";

function checkNewCacheGeo(ctx: ErrorContext, gate: InputGate, c: NewCacheGeoContext): void {
  if (c.sku !== "Premium")
    fail(
      ctx,
      "sku",
      c.sku,
      "has no geo-replication (geoReplication): passive geo-replication is Premium only",
      'set sku: "Premium" on both caches, or use EntraManagedRedis for active geo-replication',
    );
  if (c.zones !== undefined && c.zones.length > 0)
    fail(
      ctx,
      "zones",
      c.zones,
      "can't be combined with geo-replication (geoReplication): Azure doesn't support zone redundancy on geo-replicated caches",
      "remove zones, or leave geoReplication out",
    );
  // Left out, Azure makes a new cache zone redundant ("Automatic") in a region with zones (redis.json
  // ZonalAllocationPolicy): the component sends "NoZones" for a geo-primary instead (redis-cache/check.ts).
  if (c.zonalAllocationPolicy === "Automatic" || c.zonalAllocationPolicy === "UserDefined")
    fail(
      ctx,
      "zonalAllocationPolicy",
      c.zonalAllocationPolicy,
      "makes the cache zone redundant, and Azure doesn't geo-replicate zone-redundant caches (geoReplication)",
      'use "NoZones" or leave it out (the component then sends "NoZones"), or leave geoReplication out',
    );
  if (c.replicasPerPrimary !== undefined && c.replicasPerPrimary > 1)
    fail(
      ctx,
      "replicasPerPrimary",
      c.replicasPerPrimary,
      "is more than one, and caches with more than one replica can't be geo-replicated (geoReplication)",
      "use replicasPerPrimary: 1, or leave it out",
    );
  for (const key of PERSISTENCE_KEYS) {
    const v = c.redisConfiguration?.[key];
    if (v === undefined) continue;
    void gate.check(v, (resolved) => {
      if (isTrue(resolved))
        fail(
          ctx,
          `redisConfiguration.${key}`,
          resolved,
          "turns persistence on, which Azure doesn't support with geo-replication (geoReplication)",
          `remove ${key}, or leave geoReplication out`,
        );
    });
  }
}

/** The fields of an existing cache's state the geo checks read (redis.getRedis). */
export interface GeoCacheState {
  name: string;
  sku?: { name?: string };
  zones?: string[];
  zonalAllocationPolicy?: string;
  replicasPerPrimary?: number;
  redisConfiguration?: { rdbBackupEnabled?: string; aofBackupEnabled?: string };
}

/** The same checks on an existing cache, from its state (called where the state is checked). */
export function checkExistingCacheGeo(ctx: ErrorContext, s: GeoCacheState): void {
  const field = "existingCache.name";
  const problem = (what: string) => `${what}, so it can't be the geo-primary of geoReplication`;
  if (s.sku?.name !== undefined && s.sku.name !== "Premium")
    fail(
      ctx,
      field,
      s.name,
      problem(`is a ${s.sku.name} cache`),
      "link Premium caches only (scale it to Premium first), or leave geoReplication out",
    );
  if ((s.zones ?? []).length > 0 || s.zonalAllocationPolicy === "Automatic")
    fail(
      ctx,
      field,
      s.name,
      problem("is zone redundant"),
      "leave geoReplication out: Azure doesn't geo-replicate zone-redundant caches",
    );
  if ((s.replicasPerPrimary ?? 1) > 1)
    fail(
      ctx,
      field,
      s.name,
      problem(`has ${s.replicasPerPrimary} replicas`),
      "reduce it to one replica first, or leave geoReplication out",
    );
  for (const key of PERSISTENCE_KEYS)
    if (isTrue(s.redisConfiguration?.[key]))
      fail(
        ctx,
        field,
        s.name,
        problem(`has persistence on (${key})`),
        "turn persistence off first, or leave geoReplication out",
      );
}

/** Azure name of the link: the linked cache's name (as Azure's own example and az redis server-link do). */
export function linkedServerName(linkedCacheId: string): string {
  return CACHE_ID_PATTERN.exec(linkedCacheId)?.[3] ?? linkedCacheId.split("/").pop()!;
}

/** Creates the passive geo-replication link on the cache, after every child before it. */
export function createGeoReplication({
  parent,
  plan,
  target,
  children,
}: PartScope<{ geoReplicationLink?: CheckedCacheGeoReplication }>): pulumi.Resource[] {
  const geo = plan.geoReplicationLink;
  if (geo === undefined) return [];
  // Same subscription (Azure's requirement), and not the cache itself: known once this cache's id is.
  const linkedId = pulumi.all([target.resourceId, geo.linkedCacheId]).apply(([own, linked]) => {
    const ownSub = /^\/subscriptions\/([^/]+)\//i.exec(own)?.[1];
    const linkedSub = CACHE_ID_PATTERN.exec(linked)?.[1];
    if (own.toLowerCase() === linked.toLowerCase())
      fail(
        plan.ctx,
        `${FIELD}.linkedCacheId`,
        linked,
        "is this cache itself",
        "give the geo-secondary cache's id",
      );
    if (ownSub !== undefined && linkedSub !== undefined && ownSub.toLowerCase() !== linkedSub.toLowerCase())
      fail(
        plan.ctx,
        `${FIELD}.linkedCacheId`,
        linked,
        `is in subscription ${linkedSub}, this cache in ${ownSub}: Azure links caches of one subscription only`,
        "create the geo-secondary in this cache's subscription",
      );
    return linked;
  });
  return [
    new redis.LinkedServer(
      `${plan.name}-geo-link`,
      {
        name: target.resourceName,
        resourceGroupName: target.resourceGroupName,
        linkedServerName: isKnown(geo.linkedCacheId)
          ? linkedServerName(geo.linkedCacheId)
          : pulumi.output(geo.linkedCacheId).apply(linkedServerName),
        linkedRedisCacheId: linkedId,
        linkedRedisCacheLocation: geo.linkedCacheLocation,
        serverRole: redis.ReplicationRole.Secondary,
      },
      { parent, dependsOn: plan.gate.after(...children) },
    ),
  ];
}
