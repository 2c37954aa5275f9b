/**
 * Part: passive geo-replication of a Premium Azure Cache for Redis (docs/azure-facts.md,
 * "Geo-replication"): `redis:LinkedServer` on this cache, the geo-primary, naming the geo-secondary
 * with serverRole "Secondary". Checked here: the linked cache id, and this cache: Premium, no zones,
 * at most one replica, no persistence (new cache: from the arguments; existing cache: from its
 * state). That the secondary is Premium, at least as large, in the same subscription and with the
 * same shard count is Azure's to refuse; the same subscription is checked once this cache's id is
 * known, before the link is created. Azure Managed Redis's active geo-replication is a property of
 * its database: managed-redis/geo-replication.ts.
 *
 * The link is a write to the cache; Azure takes one at a time, so it waits for every child created
 * before it (the access chain, firewall rules, patch schedule). The lock still comes after it.
 */
import * as redis from "@pulumi/azure-native/redis/index.js";
import * as pulumi from "@pulumi/pulumi";
import { CACHE_ID_PATTERN } from "../rules/ids.ts";
import { constraint } from "../rules/index.ts";
import type { InputGate } from "../input-gate.ts";
import type { Part, PartScope } from "../part.ts";
import { fail, isKnown, type ErrorContext } from "../validate.ts";

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

/** The passive geo-replication link, checked: what the LinkedServer gets. */
export interface CheckedCacheGeoReplication {
  linkedCacheId: pulumi.Input<string>;
  linkedCacheLocation: pulumi.Input<string>;
}

const FIELD = "geoReplication";

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

/**
 * The part: passive geo-replication of Azure Cache for Redis (the link resource), planned by the
 * cache's check from the new cache's tier and layout. Managed Redis's active geo-replication is a
 * property of its database, sent by managed-redis/create.ts.
 */
export const geoReplicationPart = {
  name: "geo-replication",
  create: createGeoReplication,
} satisfies Part<{ geoReplicationLink?: CheckedCacheGeoReplication }>;
