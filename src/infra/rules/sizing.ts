/**
 * Azure's rules for tier, size and placement: SKUs and their capacity ranges, Redis version, shards,
 * replicas, availability zones and high availability. The checks read the ranges from here.
 */
import * as cacheEnums from "@pulumi/azure-native/types/enums/redis/index.js";
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import {
  CLUSTER,
  REDIS,
  enumValues,
  inRange,
  isString,
  oneOf,
  type IntRange,
  type RuleSubject,
} from "./rule.ts";

/** Capacity of an Azure Cache for Redis per SKU family: C (Basic, Standard) 0-6, P (Premium) 1-5. */
export const CACHE_CAPACITY: { readonly C: IntRange; readonly P: IntRange } = {
  C: { min: 0, max: 6 },
  P: { min: 1, max: 5 },
};
/** Replicas per primary of a Premium cache. */
export const REPLICAS_PER_PRIMARY: IntRange = { min: 1, max: 3 };
/** Shards of a Premium cache. */
export const SHARD_COUNT: IntRange = { min: 1, max: 30 };

/**
 * `redisVersion`: the spec allows "major[.minor]" or "latest" and lists 4.0 and 6.0 as the supported
 * versions. Redis 4 has no ACLs and so no Entra ID, so the component accepts only 6, 6.0 and latest.
 */
export const CACHE_REDIS_VERSIONS = ["6", "6.0", "latest"] as const;
/** Whether a cache's Redis version is 4 ("4", "4.0", "4.x"): no ACLs, so no Entra ID. */
export function isRedis4(version: string): boolean {
  return /^4(\.|$)/.test(version);
}

/** Availability zone numbers (the specs type zones as strings). */
export const ZONES = ["1", "2", "3"] as const;

/** Retired Azure Cache for Redis Enterprise SKUs, still in the Managed Redis SkuName enum. */
export function isRetiredEnterpriseSku(v: unknown): boolean {
  return isString(v) && /^Enterprise(Flash)?_/.test(v);
}
/** Managed Redis SKU names the component accepts: azure-native's SkuName enum minus the retired ones. */
export const MANAGED_SKUS: readonly string[] = enumValues(managedEnums.SkuName).filter(
  (s) => !isRetiredEnterpriseSku(s),
);

/** Tier, size and placement. */
export const SIZING_RULES: RuleSubject = {
  title: "Tier, size and placement",
  constraints: [
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
      rule: `${CACHE_CAPACITY.C.min}-${CACHE_CAPACITY.C.max} for family C`,
      spec: { file: "cache", pointer: "/definitions/Sku/properties/capacity/description" },
      accepts: inRange(CACHE_CAPACITY.C),
      sends: [],
    },
    {
      id: "cache.sku.capacity.P",
      args: "capacity (Premium)",
      rule: `${CACHE_CAPACITY.P.min}-${CACHE_CAPACITY.P.max} for family P`,
      spec: { file: "cache", pointer: "/definitions/Sku/properties/capacity/description" },
      accepts: inRange(CACHE_CAPACITY.P),
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
        "also UserDefined needs zones, and Automatic or NoZones with zones is refused (the spec's description: UserDefined uses the zones given)",
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
      rule: `a whole number, ${REPLICAS_PER_PRIMARY.min}-${REPLICAS_PER_PRIMARY.max} (Premium only)`,
      spec: { file: "cache", pointer: "/definitions/RedisCommonProperties/properties/replicasPerPrimary" },
      accepts: inRange(REPLICAS_PER_PRIMARY),
      stricter: "the spec types it as int32; Azure documents 1-3 replicas for Premium",
      sends: [{ type: REDIS, path: "replicasPerPrimary" }],
    },
    {
      id: "cache.shardCount",
      args: "shardCount",
      rule: `a whole number, ${SHARD_COUNT.min}-${SHARD_COUNT.max} (Premium only)`,
      spec: { file: "cache", pointer: "/definitions/RedisCommonProperties/properties/shardCount" },
      accepts: inRange(SHARD_COUNT),
      stricter: "the spec types it as int32; Azure documents at most 30 shards",
      sends: [{ type: REDIS, path: "shardCount" }],
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
      id: "managed.zones",
      args: "zones[i]",
      rule: "an availability zone number: 1, 2 or 3",
      spec: { file: "managed", pointer: "/definitions/Cluster/properties/zones/items" },
      accepts: oneOf(ZONES),
      stricter: "the spec types zones as strings; Azure regions have zones 1-3",
      sends: [{ type: CLUSTER, path: "zones[]" }],
    },
  ],
};
