/**
 * EntraRedisCache's check step: arguments → plan. Every plain value is checked here and throws
 * EntraRedisInputError naming the field; Output values register a check on the plan's InputGate.
 * Nothing is created.
 */
import { checkBoolean, checkTags } from "../arg-types.ts";
import type * as pulumi from "@pulumi/pulumi";
import { checkCustomPolicies } from "../parts/custom-policies.ts";
import type { ExistingCacheArgs } from "./existing-cache.ts";
import { CACHE_PRIVATE_LINK, decidePublicNetworkAccess } from "../network.ts";
import { checkAssignments, policyResolver } from "../parts/assignments.ts";
import { CACHE_DIAGNOSTIC_SCOPES } from "../parts/diagnostics.ts";
import { checkParts, type PartFacts } from "../parts/index.ts";
import { checkIdentity, checkPersistenceIdentity } from "../parts/identity.ts";
import { checkCacheGeoReplication } from "../parts/geo-replication.ts";
import { startCheck } from "../check-start.ts";
import { checkProtectData } from "../protect-data.ts";
import type { CommonPlan } from "../plan.ts";
import { DEFAULT_CACHE_POLICY } from "../policies.ts";
import { checkCacheConfiguration, checkConstraint, planChildNames } from "../spec-checks.ts";
import { CACHE_NAME_MAX } from "../rules/names.ts";
import { CACHE_CAPACITY, isRedis4, REPLICAS_PER_PRIMARY, SHARD_COUNT, ZONES } from "../rules/sizing.ts";
import { CacheSku } from "../types.ts";
import {
  checkInteger,
  checkNonEmpty,
  checkOneOf,
  checkResourceName,
  fail,
  type ErrorContext,
} from "../validate.ts";
import type { Defer } from "../unknown-args.ts";
import { CACHE_ARGS_SHAPE, type EntraRedisCacheArgs } from "./args.ts";
import { defined } from "../defined.ts";

/** A new cache, as the checks resolved it. */
export interface NewCachePlan {
  kind: "new";
  cacheName?: string;
  sku: CacheSku;
  capacity: number;
  redisVersion: string;
  zones?: string[];
  zonalAllocationPolicy?: string;
  updateChannel?: string;
  replicasPerPrimary?: number;
  shardCount?: number;
  redisConfiguration?: { [key: string]: pulumi.Input<string> };
  accessKeyAuthentication: boolean;
  publicNetworkAccess: "Enabled" | "Disabled";
}

/** An existing cache to look up (its own settings are checked once it is read). */
export interface ExistingCachePlan {
  kind: "existing";
  name: string;
  resourceGroupName: pulumi.Input<string>;
}

/** What EntraRedisCache tells its parts' checks. */
const CACHE_PART_FACTS: PartFacts = {
  privateLink: CACHE_PRIVATE_LINK,
  diagnosticScopes: CACHE_DIAGNOSTIC_SCOPES,
  roleService: "cache",
};

/** Everything EntraRedisCache creates, checked. */
export interface CachePlan extends CommonPlan {
  cache: NewCachePlan | ExistingCachePlan;
}

/** Checks every argument of EntraRedisCache `name` and resolves them into a plan. */
export function checkCacheArgs(name: string, args: EntraRedisCacheArgs): CachePlan {
  const { ctx, gate, defer } = startCheck("EntraRedisCache", name, args, CACHE_ARGS_SHAPE);
  checkBoolean(ctx, "allowPublicNetworkAccess", args.allowPublicNetworkAccess);
  const protectData = checkProtectData(ctx, args.protectData);
  const tags = checkTags(ctx, gate, args.tags);
  const existing = args.existingCache;
  const target = existing === undefined ? planNewCache(ctx, args, defer) : planExisting(ctx, args, existing);
  // With existingCache, what the component creates (private endpoint, DNS zone) goes to the existing
  // cache's group unless resourceGroupName says otherwise.
  const resourceGroupName = gate.check(
    args.resourceGroupName ?? (target.kind === "existing" ? target.resourceGroupName : undefined),
    (v) =>
      v === undefined
        ? fail(
            ctx,
            "resourceGroupName",
            undefined,
            "is missing",
            "give the resource group for the cache and what the component creates",
          )
        : checkNonEmpty(ctx, "resourceGroupName", v),
  ) as pulumi.Input<string>;
  const location =
    args.location === undefined
      ? undefined
      : gate.check(args.location, (v) => checkNonEmpty(ctx, "location", v));
  const customPolicies = checkCustomPolicies(ctx, args.customPolicies);
  const assignments = checkAssignments(
    ctx,
    gate,
    args.assignments,
    policyResolver(ctx, customPolicies, DEFAULT_CACHE_POLICY),
  );
  const parts = checkParts({ ctx, gate, args: { ...args }, facts: CACHE_PART_FACTS });
  const cache: NewCachePlan | ExistingCachePlan =
    target.kind === "existing"
      ? target
      : {
          ...target,
          publicNetworkAccess: decidePublicNetworkAccess(ctx, {
            firewallRuleCount: parts.firewallRules.length,
            allowPublicNetworkAccess: args.allowPublicNetworkAccess,
            ...defined({ privateEndpoint: args.privateEndpoint }),
          }),
        };
  // An existing cache's tier, zones, replicas and persistence are checked once it is read (create.ts).
  const geoReplicationLink = checkCacheGeoReplication(
    ctx,
    gate,
    args.geoReplication,
    target.kind === "new"
      ? {
          sku: target.sku,
          ...defined({
            zones: target.zones,
            zonalAllocationPolicy: target.zonalAllocationPolicy,
            replicasPerPrimary: target.replicasPerPrimary,
            redisConfiguration: target.redisConfiguration,
          }),
        }
      : undefined,
  );
  // A creation argument: planExisting has refused it with existingCache.
  const identity = checkIdentity(ctx, gate, args.identity);
  if (target.kind === "new") checkPersistenceIdentity(ctx, gate, target.redisConfiguration, identity);
  return {
    name,
    childNames: planChildNames(name, "cache", target.kind === "new" ? target.cacheName : undefined),
    ctx,
    gate,
    resourceGroupName,
    ...defined({ location, tags }),
    customPolicies,
    assignments,
    ...parts,
    ...defined({ geoReplicationLink, identity }),
    protectData,
    // A geo-primary must not be zone redundant, which Azure's default would make it in a zonal region.
    cache:
      geoReplicationLink !== undefined && cache.kind === "new" && cache.zonalAllocationPolicy === undefined
        ? { ...cache, zonalAllocationPolicy: "NoZones" }
        : cache,
  };
}

const CREATION_ARGS = [
  "location",
  "cacheName",
  "tags",
  "sku",
  "capacity",
  "redisVersion",
  "zones",
  "zonalAllocationPolicy",
  "updateChannel",
  "replicasPerPrimary",
  "shardCount",
  "redisConfiguration",
  "accessKeyAuthentication",
  "allowPublicNetworkAccess",
  "identity",
] as const;

const SKUS = Object.values(CacheSku);

function planNewCache(
  ctx: ErrorContext,
  args: EntraRedisCacheArgs,
  defer: Defer,
): Omit<NewCachePlan, "publicNetworkAccess"> {
  const sku = args.sku ?? "Standard";
  if (typeof sku === "string" && /^enterprise/i.test(sku)) {
    fail(
      ctx,
      "sku",
      sku,
      "is an Enterprise tier, which has no Entra ID support in Azure Cache for Redis",
      'use "Basic", "Standard" or "Premium", or EntraManagedRedis for Azure Managed Redis',
    );
  }
  checkOneOf(ctx, "sku", sku, SKUS, "a supported tier");
  const premium = sku === "Premium";
  const capacity = args.capacity ?? 1;
  const range = premium ? CACHE_CAPACITY.P : CACHE_CAPACITY.C;
  const why = premium ? "for Premium (family P)" : `for ${sku} (family C)`;
  checkInteger(ctx, "capacity", capacity, range.min, range.max, why);
  const redisVersion = args.redisVersion ?? "6";
  if (typeof redisVersion === "string" && isRedis4(redisVersion)) {
    fail(ctx, "redisVersion", redisVersion, "has no ACLs and so no Entra ID authentication", 'use "6"');
  }
  checkConstraint(ctx, "redisVersion", "cache.redisVersion", redisVersion, 'use "6" (or "6.0" or "latest")');
  for (const field of ["shardCount", "replicasPerPrimary"] as const) {
    const value = args[field];
    if (value === undefined) continue;
    if (!premium)
      fail(
        ctx,
        field,
        value,
        `needs the Premium tier (sku is "${sku}")`,
        `set sku: "Premium", or remove ${field}`,
      );
    const { min, max } = field === "shardCount" ? SHARD_COUNT : REPLICAS_PER_PRIMARY;
    checkInteger(ctx, field, value, min, max, "for a Premium cache");
  }
  if (args.cacheName !== undefined) checkResourceName(ctx, "cacheName", args.cacheName, CACHE_NAME_MAX);
  if (args.zones !== undefined) {
    if (!Array.isArray(args.zones))
      fail(ctx, "zones", args.zones, "is not a list", 'give zone numbers as strings, e.g. ["1", "2"]');
    args.zones.forEach((z, i) => checkOneOf(ctx, `zones[${i}]`, z, ZONES, "an availability zone"));
  }
  checkZonalAllocation(ctx, args.zonalAllocationPolicy, args.zones);
  if (args.updateChannel !== undefined)
    checkConstraint(
      ctx,
      "updateChannel",
      "cache.updateChannel",
      args.updateChannel,
      'use "Stable" (production) or "Preview" (non-production caches that should get updates first)',
    );
  if (args.accessKeyAuthentication !== undefined && typeof args.accessKeyAuthentication !== "boolean") {
    fail(
      ctx,
      "accessKeyAuthentication",
      args.accessKeyAuthentication,
      "is not a boolean",
      "use true or false (default false: Entra ID only)",
    );
  }
  checkCacheConfiguration(ctx, args.redisConfiguration, defer);
  return {
    kind: "new",
    ...defined({ cacheName: args.cacheName }),
    sku,
    capacity,
    redisVersion,
    ...defined({
      zones: args.zones,
      zonalAllocationPolicy: args.zonalAllocationPolicy,
      updateChannel: args.updateChannel,
      replicasPerPrimary: args.replicasPerPrimary,
      shardCount: args.shardCount,
      redisConfiguration: args.redisConfiguration,
    }),
    accessKeyAuthentication: args.accessKeyAuthentication === true,
  };
}

/**
 * `zonalAllocationPolicy` against `zones`: Azure places a "UserDefined" cache in the zones given, so
 * it needs them; "Automatic" (Azure picks) and "NoZones" contradict a list of zones.
 */
function checkZonalAllocation(ctx: ErrorContext, policy: unknown, zones: string[] | undefined): void {
  if (policy === undefined) return;
  checkConstraint(
    ctx,
    "zonalAllocationPolicy",
    "cache.zonalAllocationPolicy",
    policy,
    'use "Automatic" (zone redundant, Azure picks the zones), "UserDefined" (with zones) or "NoZones"',
  );
  const given = zones !== undefined && zones.length > 0;
  if (policy === "UserDefined" && !given)
    fail(
      ctx,
      "zonalAllocationPolicy",
      policy,
      "places the cache in the zones given, and zones is empty or missing",
      'give zones, e.g. ["1", "2"], or use "Automatic" to let Azure pick them',
    );
  if (policy !== "UserDefined" && given)
    fail(
      ctx,
      "zonalAllocationPolicy",
      policy,
      `contradicts zones ${JSON.stringify(zones)} ("${String(policy)}" ${policy === "NoZones" ? "uses no zones" : "lets Azure pick the zones"})`,
      'use "UserDefined" with zones, or remove zones',
    );
}

function planExisting(
  ctx: ErrorContext,
  args: EntraRedisCacheArgs,
  existing: ExistingCacheArgs,
): ExistingCachePlan {
  if (typeof existing !== "object" || existing === null)
    fail(ctx, "existingCache", existing, "is not an object", "give { name, resourceGroupName }");
  for (const field of CREATION_ARGS) {
    if (args[field] !== undefined) {
      fail(
        ctx,
        field,
        field === "redisConfiguration" || field === "tags" || field === "identity" ? "(set)" : args[field],
        "is a creation argument, given together with existingCache",
        `remove ${field}: an existing cache keeps its own settings (change them in the portal or with az redis update), or remove existingCache to create a new cache`,
      );
    }
  }
  if (args.protectData !== undefined)
    fail(
      ctx,
      "protectData",
      args.protectData,
      "has nothing to guard with existingCache: the component never replaces or deletes a cache it doesn't create",
      'remove protectData (to guard the cache against deletion in Azure, set lock: "CanNotDelete")',
    );
  checkResourceName(ctx, "existingCache.name", existing.name, CACHE_NAME_MAX);
  if (existing.resourceGroupName === undefined)
    fail(
      ctx,
      "existingCache.resourceGroupName",
      undefined,
      "is missing",
      "give the resource group the existing cache is in",
    );
  return { kind: "existing", name: existing.name, resourceGroupName: existing.resourceGroupName };
}
