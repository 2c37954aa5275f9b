/**
 * EntraManagedRedis's check step: arguments → plan. Every plain value is checked here and throws
 * EntraRedisInputError naming the field; Output values register a check on the plan's InputGate.
 * Nothing is created.
 */
import * as managedEnums from "@pulumi/azure-native/types/enums/redisenterprise/index.js";
import { MANAGED_ASSIGNMENT_NAME_PATTERN } from "../rules/names.ts";
import { MANAGED_MODULES } from "../rules/database.ts";
import { CLUSTER_NAME_MAX } from "../rules/names.ts";
import { enumValues } from "../rules/rule.ts";
import { isRetiredEnterpriseSku, MANAGED_SKUS, ZONES } from "../rules/sizing.ts";
import { decidePublicNetworkAccess, MANAGED_REDIS_PRIVATE_LINK } from "../network.ts";
import { checkCustomPolicies, type CustomPolicyArgs } from "../parts/custom-policies.ts";
import { checkAssignments, policyResolver, type CheckedAssignment } from "../parts/assignments.ts";
import { MANAGED_DIAGNOSTIC_SCOPES } from "../parts/diagnostics.ts";
import { checkParts, type PartFacts } from "../parts/index.ts";
import { checkEncryption, type EncryptionPlan } from "../parts/encryption.ts";
import { checkIdentity } from "../parts/identity.ts";
import { checkManagedGeoReplication, type CheckedManagedGeoReplication } from "./geo-replication.ts";
import { checkMigrateFrom, checkMigrationDisparities, migrationAccess } from "../parts/migration.ts";
import { startCheck } from "../check-start.ts";
import type { CommonPlan } from "../plan.ts";
import { checkBoolean, checkTags } from "../arg-types.ts";
import { checkProtectData } from "../protect-data.ts";
import { builtInPolicyNamed, DEFAULT_MANAGED_POLICY, MANAGED_REDIS_POLICY } from "../policies.ts";
import { MANAGED_BUILT_IN_ACCESS, MANAGED_DEFAULT_ACCESS } from "./access-strings.ts";
import { checkConstraint, planChildNames } from "../spec-checks.ts";
import { ClusteringPolicy, type ManagedRedisModuleArgs, type ManagedRedisPersistenceArgs } from "../types.ts";
import { checkNonEmpty, checkOneOf, checkResourceName, fail, type ErrorContext } from "../validate.ts";
import { MANAGED_ARGS_SHAPE, type EntraManagedRedisArgs } from "./args.ts";
import { defined } from "../defined.ts";

/** The Managed Redis cluster, as the checks resolved it. */
export interface ManagedClusterPlan {
  clusterName?: string;
  sku: string;
  highAvailability: boolean;
  zones?: string[];
  publicNetworkAccess: "Enabled" | "Disabled";
  /** Customer-managed key encryption, checked against the cluster's identity. */
  encryption?: EncryptionPlan;
}

/** Its database "default", as the checks resolved it. */
export interface ManagedDatabasePlan {
  clusteringPolicy: ClusteringPolicy;
  evictionPolicy?: string;
  deferUpgrade?: string;
  persistence?: ManagedRedisPersistenceArgs;
  modules?: ManagedRedisModuleArgs[];
  accessKeyAuthentication: boolean;
  /** Active geo-replication: the group and its other members (the database adds itself). */
  geoReplication?: CheckedManagedGeoReplication;
}

/** What EntraManagedRedis tells its parts' checks. */
const MANAGED_PART_FACTS: PartFacts = {
  privateLink: MANAGED_REDIS_PRIVATE_LINK,
  diagnosticScopes: MANAGED_DIAGNOSTIC_SCOPES,
  roleService: "managed",
};

/** Everything EntraManagedRedis creates, checked. */
export interface ManagedPlan extends CommonPlan {
  cluster: ManagedClusterPlan;
  database: ManagedDatabasePlan;
  /**
   * The access string of each assignment (in assignment order) when any assignment has a policy
   * other than "default"; undefined when every one is "default" (the typed assignment resource).
   */
  accessStrings?: string[];
}

/** azure-native's EvictionPolicy enum (redisenterprise.json 2025-07-01, DatabaseProperties.evictionPolicy). */
const EVICTION = enumValues(managedEnums.EvictionPolicy);
/** Assignment resource names on Managed Redis (no hyphens: Azure/azure-cli#33568; the spec's pattern). */
export const MANAGED_ASSIGNMENT_NAME = MANAGED_ASSIGNMENT_NAME_PATTERN;

/** The SKUs to suggest: one per family, from the enum. */
function skuHint(): string {
  const first = (prefix: string) => MANAGED_SKUS.find((s) => s.startsWith(prefix)) ?? prefix;
  return `use one of azure-native's redisenterprise SkuName values, e.g. "${first("Balanced_B1")}", "${first("MemoryOptimized_")}", "${first("ComputeOptimized_")}" or "${first("FlashOptimized_")}" (docs/azure-constraints.md lists them)`;
}

/** The Azure name of a Managed Redis assignment: its alias without hyphens. */
export function managedAssignmentName(alias: string): string {
  return alias.replaceAll("-", "");
}

/** Checks every argument of EntraManagedRedis `name` and resolves them into a plan. */
export function checkManagedArgs(name: string, args: EntraManagedRedisArgs): ManagedPlan {
  // Unknown keys first (firewallRules, existingCache and redisVersion are refused there with their
  // own explanation).
  const { ctx, gate } = startCheck("EntraManagedRedis", name, args, MANAGED_ARGS_SHAPE);
  for (const field of ["highAvailability", "accessKeyAuthentication", "allowPublicNetworkAccess"] as const)
    checkBoolean(ctx, field, args[field]);
  const protectData = checkProtectData(ctx, args.protectData);
  const tags = checkTags(ctx, gate, args.tags);
  const resourceGroupName = gate.check(args.resourceGroupName, (v) =>
    checkNonEmpty(ctx, "resourceGroupName", v),
  );
  const location =
    args.location === undefined
      ? undefined
      : gate.check(args.location, (v) => checkNonEmpty(ctx, "location", v));
  const sku = args.sku ?? "Balanced_B1";
  if (isRetiredEnterpriseSku(sku)) {
    fail(
      ctx,
      "sku",
      sku,
      "is a retired Azure Cache for Redis Enterprise SKU",
      'use an Azure Managed Redis SKU: Balanced_B*, MemoryOptimized_M*, ComputeOptimized_X* or FlashOptimized_A*, e.g. "Balanced_B1"',
    );
  }
  if (typeof sku !== "string" || !MANAGED_SKUS.includes(sku)) {
    fail(ctx, "sku", sku, "is not an Azure Managed Redis SKU", skuHint());
  }
  if (args.clusterName !== undefined)
    checkResourceName(ctx, "clusterName", args.clusterName, CLUSTER_NAME_MAX);
  const clusteringPolicy = args.clusteringPolicy ?? "OSSCluster";
  checkOneOf(
    ctx,
    "clusteringPolicy",
    clusteringPolicy,
    Object.values(ClusteringPolicy).filter((p) => enumValues(managedEnums.ClusteringPolicy).includes(p)),
    "a clustering policy",
  );
  if (args.evictionPolicy !== undefined)
    checkOneOf(ctx, "evictionPolicy", args.evictionPolicy, EVICTION, "an eviction policy");
  if (args.deferUpgrade !== undefined)
    checkConstraint(
      ctx,
      "deferUpgrade",
      "managed.deferUpgrade",
      args.deferUpgrade,
      'use "Deferred" to postpone Redis version upgrades, or "NotDeferred" (Azure\'s default)',
    );
  if (args.zones !== undefined) {
    if (!Array.isArray(args.zones))
      fail(ctx, "zones", args.zones, "is not a list", 'give zone numbers as strings, e.g. ["1", "2", "3"]');
    args.zones.forEach((z, i) => checkOneOf(ctx, `zones[${i}]`, z, ZONES, "an availability zone"));
  }
  checkPersistence(ctx, args.persistence);
  checkModules(ctx, args.modules);
  // With migrateFrom naming an EntraRedisCache, its identities and policies when none are given.
  const migration = checkMigrateFrom(ctx, gate, args.migrateFrom);
  const access = migrationAccess(ctx, migration, args);
  const customPolicies = checkCustomPolicies(ctx, access.customPolicies);
  const assignments = checkAssignments(
    ctx,
    gate,
    access.assignments,
    policyResolver(ctx, customPolicies, DEFAULT_MANAGED_POLICY, [MANAGED_REDIS_POLICY]),
  );
  const accessStrings = planAccessStrings(assignments, customPolicies);
  checkManagedAssignmentNames(ctx, assignments);
  const parts = checkParts({ ctx, gate, args: { ...args }, facts: MANAGED_PART_FACTS });
  const publicNetworkAccess = decidePublicNetworkAccess(ctx, {
    allowPublicNetworkAccess: args.allowPublicNetworkAccess,
    ...defined({ privateEndpoint: args.privateEndpoint }),
  });
  const geoReplication = checkManagedGeoReplication(ctx, gate, args.geoReplication, {
    sku,
    skuGiven: args.sku !== undefined,
    highAvailability: args.highAvailability !== false,
    ...defined({
      evictionPolicy: args.evictionPolicy,
      persistence: args.persistence,
      modules: args.modules,
      clusterName: args.clusterName,
    }),
    resourceGroupName: args.resourceGroupName,
  });
  const identity = checkIdentity(ctx, gate, args.identity);
  checkMigrationDisparities(
    ctx,
    migration,
    {
      clusteringPolicy,
      ...(typeof args.location === "string" ? { location: args.location } : {}),
      highAvailability: args.highAvailability !== false,
      persistence: args.persistence !== undefined,
      identity: args.identity !== undefined,
      privateEndpoint: args.privateEndpoint !== undefined,
      allowPublicNetworkAccess: args.allowPublicNetworkAccess === true,
      accessKeyAuthentication: args.accessKeyAuthentication === true,
    },
    assignments.map((a) => a.alias),
  );
  const encryption = checkEncryption(ctx, gate, args.encryption, identity);
  return {
    name,
    childNames: planChildNames(name, "cluster", args.clusterName),
    ctx,
    gate,
    resourceGroupName,
    // Azure migrates within one region: without a location, the instance goes where the cache is.
    ...(location !== undefined
      ? { location }
      : migration?.source?.location !== undefined
        ? { location: migration.source.location }
        : {}),
    ...defined({ tags }),
    customPolicies,
    assignments,
    ...defined({ accessStrings }),
    // firewallRules and patchSchedule come out empty: MANAGED_ARGS_SHAPE refuses both arguments.
    ...parts,
    ...defined({ identity, migration }),
    protectData,
    cluster: {
      ...defined({ clusterName: args.clusterName }),
      sku,
      highAvailability: args.highAvailability !== false,
      ...defined({ zones: args.zones }),
      publicNetworkAccess,
      ...defined({ encryption }),
    },
    database: {
      clusteringPolicy,
      ...defined({
        evictionPolicy: args.evictionPolicy,
        deferUpgrade: args.deferUpgrade,
        persistence: args.persistence,
        modules: args.modules,
      }),
      accessKeyAuthentication: args.accessKeyAuthentication === true,
      ...defined({ geoReplication }),
    },
  };
}

/**
 * The access string of every assignment, or undefined when every assignment is "default" (full
 * access: no access string is sent, Azure's default). Every SKU takes them: Learn lists Flash
 * Optimized among the tiers with per-identity access strings (docs/azure-facts.md, "Migration to
 * Azure Managed Redis", the last row).
 */
function planAccessStrings(
  assignments: CheckedAssignment[],
  customPolicies: readonly CustomPolicyArgs[],
): string[] | undefined {
  if (assignments.every((a) => a.policy === MANAGED_REDIS_POLICY)) return undefined;
  const custom = new Map(customPolicies.map((p) => [p.name, p.permissions]));
  return assignments.map((a) => {
    if (a.policy === MANAGED_REDIS_POLICY) return MANAGED_DEFAULT_ACCESS;
    const builtIn = builtInPolicyNamed(a.policy);
    if (builtIn !== undefined) return MANAGED_BUILT_IN_ACCESS[builtIn];
    // The resolver only lets through built-in, "default" and declared custom policy names.
    return custom.get(a.policy)!;
  });
}

function checkManagedAssignmentNames(ctx: ErrorContext, assignments: CheckedAssignment[]): void {
  const seen = new Map<string, number>();
  assignments.forEach((a, i) => {
    const derived = managedAssignmentName(a.alias);
    if (!MANAGED_ASSIGNMENT_NAME.test(derived)) {
      fail(
        ctx,
        `assignments[${i}].alias`,
        a.alias,
        `gives the assignment name "${derived}", longer than the 60 characters Azure Managed Redis allows`,
        "use a shorter alias (hyphens are dropped from the Azure name)",
      );
    }
    const first = seen.get(derived.toLowerCase());
    if (first !== undefined) {
      fail(
        ctx,
        `assignments[${i}].alias`,
        a.alias,
        `gives the same assignment name "${derived}" as assignments[${first}] (hyphens are dropped on Managed Redis)`,
        "use aliases that differ in more than hyphens",
      );
    }
    seen.set(derived.toLowerCase(), i);
  });
}

function checkPersistence(ctx: ErrorContext, p: ManagedRedisPersistenceArgs | undefined): void {
  if (p === undefined) return;
  if (typeof p !== "object" || p === null)
    fail(
      ctx,
      "persistence",
      p,
      "is not an object",
      'give { aofEnabled: true } or { rdbEnabled: true, rdbFrequency: "6h" }',
    );
  checkBoolean(ctx, "persistence.aofEnabled", p.aofEnabled);
  checkBoolean(ctx, "persistence.rdbEnabled", p.rdbEnabled);
  if (p.aofEnabled === true && p.rdbEnabled === true) {
    fail(ctx, "persistence", p, "turns on both AOF and RDB", "choose one: aofEnabled or rdbEnabled");
  }
  // Typed "1s" only, but other languages and JavaScript can send anything.
  if ((p.aofFrequency as string | undefined) === managedEnums.AofFrequency.Always)
    fail(
      ctx,
      "persistence.aofFrequency",
      p.aofFrequency,
      "is deprecated by Azure for its performance impact (redisenterprise.json, Persistence.aofFrequency)",
      'use "1s" (the default: every second)',
    );
  if (p.aofFrequency !== undefined)
    checkConstraint(
      ctx,
      "persistence.aofFrequency",
      "managed.persistence.aofFrequency",
      p.aofFrequency,
      'use "1s"',
    );
  if (p.rdbFrequency !== undefined)
    checkConstraint(
      ctx,
      "persistence.rdbFrequency",
      "managed.persistence.rdbFrequency",
      p.rdbFrequency,
      `use one of ${enumValues(managedEnums.RdbFrequency)
        .map((f) => JSON.stringify(f))
        .join(", ")}`,
    );
  if (p.aofFrequency !== undefined && p.aofEnabled !== true)
    fail(
      ctx,
      "persistence.aofFrequency",
      p.aofFrequency,
      "is set while aofEnabled is not true",
      "set aofEnabled: true, or remove aofFrequency",
    );
  if (p.rdbFrequency !== undefined && p.rdbEnabled !== true)
    fail(
      ctx,
      "persistence.rdbFrequency",
      p.rdbFrequency,
      "is set while rdbEnabled is not true",
      "set rdbEnabled: true, or remove rdbFrequency",
    );
}

function checkModules(ctx: ErrorContext, modules: ManagedRedisModuleArgs[] | undefined): void {
  if (modules === undefined) return;
  if (!Array.isArray(modules)) fail(ctx, "modules", modules, "is not a list", 'give [{ name: "RedisJSON" }]');
  const seen = new Set<string>();
  modules.forEach((m, i) => {
    checkOneOf(ctx, `modules[${i}].name`, m?.name, MANAGED_MODULES, "a module Azure Managed Redis offers");
    if (seen.has(m.name)) fail(ctx, `modules[${i}].name`, m.name, "is listed twice", "list each module once");
    seen.add(m.name);
  });
}
