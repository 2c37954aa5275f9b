/**
 * Part: `migrateFrom` of EntraManagedRedis: Azure's migration of an Azure Cache for Redis into the new
 * instance (docs/azure-facts.md, "Migration to Azure Managed Redis"). The instance gets the cache's
 * identities with the same rights first (the access part writes them); then the migration resource,
 * `Microsoft.Cache/redisEnterprise/{cluster}/migrations/default`, runs after every other child: the data
 * (unless skipped) and, when asked, the switch of the cache's host name to this instance.
 *
 * The migration is written through the generic `azure-native:resources:Resource` (azure-native 3.x has
 * no typed migration resource) with MIGRATION_API_VERSION. The API has no DELETE for it: the resource
 * is retained on delete, so removing `migrateFrom` (the finish, or an Undo done in Azure) only drops it
 * from the stack.
 */
import * as resources from "@pulumi/azure-native/resources/index.js";
import * as pulumi from "@pulumi/pulumi";
import type { CustomPolicyArgs } from "./custom-policies.ts";
import type { InputGate } from "../input-gate.ts";
import type { Part, PartScope } from "../part.ts";
import { migrationDisparities, type MigrationTargetFacts } from "./migration-disparities.ts";
import { migrationSourceOf, type MigrationSource } from "./migration-source.ts";
import type { AssignmentArgs, MigratedEndpoint } from "../types.ts";
import { VALUE_NOT_SHOWN } from "../errors.ts";
import { fail, type ErrorContext } from "../validate.ts";
import { defined } from "../defined.ts";

/**
 * The API version of the migration resource: the first stable one that has it (2026-09-01; the
 * preview 2025-08-01-preview had it before). docs/azure-facts.md, "Migration to Azure Managed Redis".
 */
export const MIGRATION_API_VERSION = "2026-09-01";

/** The generic resource's address of the migration, below its cluster. */
export const MIGRATION_RESOURCE_TYPE = {
  resourceProviderNamespace: "Microsoft.Cache",
  resourceType: "migrations",
  /** The one migration of a cluster is named "default". */
  resourceName: "default",
  parentResourcePath: (clusterName: string): string => `redisEnterprise/${clusterName}`,
} as const;

/** `sourceType` of a migration from Azure Cache for Redis (Basic, Standard, Premium). */
export const MIGRATION_SOURCE_TYPE = "AzureCacheForRedis";

/** The policy an Azure Cache for Redis assignment gets when it names none. */
const CACHE_DEFAULT_POLICY = "Data Contributor";

/** A cache id: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Cache/redis/<name>`. */
const CACHE_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Cache\/redis\/[^/]+$/i;

/** Where `migrateFrom` takes the instance from. */
export interface MigrateFromArgs {
  /**
   * Resource id of the Azure Cache for Redis to migrate (`Microsoft.Cache/redis`). Pass an
   * EntraRedisCache's `resourceId` itself (`cacheId: cache.resourceId`): the instance then gets that
   * cache's identities with the same rights, and the cache's settings are checked against the
   * instance's before anything is created. Any other id: list `assignments` yourself.
   */
  cacheId: pulumi.Input<string>;
  /**
   * Switch the cache's host name to this instance (Azure's `switchDns`; default false: the migration
   * stops before the switch). Every app then reaches this instance through the cache's host name and
   * port 6380, with the same token.
   */
  switchDns?: boolean;
  /** Leave the cache's data behind (default false: the data is copied). */
  skipDataMigration?: boolean;
  /**
   * Migrate despite warning-level disparities Azure's own validation finds (default false). Errors
   * (private endpoint, VNet injection, geo-replication, another region) still refuse the migration.
   */
  forceMigrate?: boolean;
}

/** The migration, as the checks resolved it. */
export interface MigrationPlan {
  cacheId: pulumi.Input<string>;
  switchDns: boolean;
  skipDataMigration: boolean;
  forceMigrate: boolean;
  /** The EntraRedisCache `cacheId` came from, when the package knows it. */
  source?: MigrationSource;
  /** Warnings to log once the component exists. */
  warnings: string[];
}

function checkFlag(ctx: ErrorContext, field: string, value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean")
    fail(ctx, `migrateFrom.${field}`, value, "is not a boolean", "give true or false");
  return value;
}

/** Checks `migrateFrom` (its shape and flags; the disparities come later, with the whole target). */
export function checkMigrateFrom(
  ctx: ErrorContext,
  gate: InputGate,
  m: MigrateFromArgs | undefined,
): MigrationPlan | undefined {
  if (m === undefined) return undefined;
  if (typeof m !== "object" || m === null)
    fail(ctx, "migrateFrom", m, "is not an object", "give { cacheId: cache.resourceId, switchDns: true }");
  if (m.cacheId === undefined)
    fail(
      ctx,
      "migrateFrom.cacheId",
      m.cacheId,
      "is missing",
      "give the cache's resource id, e.g. cache.resourceId",
    );
  const source = migrationSourceOf(m.cacheId);
  // An EntraRedisCache's own resourceId needs no check; any other id must be a cache's.
  const cacheId =
    source !== undefined
      ? m.cacheId
      : gate.check(m.cacheId, (v) => {
          if (typeof v !== "string" || !CACHE_ID.test(v))
            fail(
              ctx,
              "migrateFrom.cacheId",
              v,
              "is not the resource id of an Azure Cache for Redis",
              "give /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Cache/redis/<name>, e.g. an EntraRedisCache's resourceId",
            );
        });
  return {
    cacheId,
    switchDns: checkFlag(ctx, "switchDns", m.switchDns),
    skipDataMigration: checkFlag(ctx, "skipDataMigration", m.skipDataMigration),
    forceMigrate: checkFlag(ctx, "forceMigrate", m.forceMigrate),
    ...defined({ source }),
    warnings: [],
  };
}

/**
 * The assignments and custom policies the instance gets: the ones given, or (when left out) the
 * source cache's, with the same aliases and rights (a policy left out on the cache is its default,
 * "Data Contributor", written out so Managed Redis's own default doesn't apply).
 */
export function migrationAccess(
  ctx: ErrorContext,
  migration: MigrationPlan | undefined,
  given: { assignments?: AssignmentArgs[]; customPolicies?: CustomPolicyArgs[] },
): { assignments: AssignmentArgs[] | undefined; customPolicies: CustomPolicyArgs[] | undefined } {
  const source = migration?.source;
  if (source === undefined || given.assignments !== undefined) {
    if (migration !== undefined && given.assignments === undefined)
      fail(
        ctx,
        "assignments",
        undefined,
        "is missing, and migrateFrom.cacheId is not an EntraRedisCache of this program, whose identities could be taken",
        "list the identities that use the cache (same aliases and policies), or pass the EntraRedisCache's resourceId itself",
      );
    return { assignments: given.assignments, customPolicies: given.customPolicies };
  }
  const policies = new Map((given.customPolicies ?? []).map((p) => [p.name, p]));
  for (const p of source.customPolicies) {
    const mine = policies.get(p.name);
    if (mine !== undefined && mine.permissions !== p.permissions)
      fail(
        ctx,
        "customPolicies",
        p.name,
        `has other permissions than the cache's policy of that name ("${p.permissions}")`,
        "give it the cache's permissions, or another name",
      );
    policies.set(p.name, p);
  }
  return {
    assignments: source.assignments.map((a) => ({ ...a, policy: a.policy ?? CACHE_DEFAULT_POLICY })),
    customPolicies: [...policies.values()],
  };
}

/**
 * Checks the disparities the package can know (migration-disparities.ts): errors are refused now,
 * naming the field and the fix; warnings are kept for the component to log.
 */
export function checkMigrationDisparities(
  ctx: ErrorContext,
  migration: MigrationPlan | undefined,
  facts: Omit<MigrationTargetFacts, "missingAliases" | "switchDns">,
  aliases: readonly string[],
): void {
  const source = migration?.source;
  if (migration === undefined || source === undefined) return;
  const have = new Set(aliases);
  const all = migrationDisparities(source, {
    ...facts,
    switchDns: migration.switchDns,
    missingAliases: source.assignments.map((a) => a.alias).filter((a) => !have.has(a)),
  });
  for (const d of all) {
    if (d.level === "error") fail(ctx, d.field, VALUE_NOT_SHOWN, d.problem, d.fix);
  }
  migration.warnings.push(
    ...all.map((d) => `${ctx}: migrating from the cache, ${d.field} ${d.problem}; ${d.fix}`),
  );
}

/** The cache's TLS port, which Azure forwards to the instance after the switch (docs/azure-facts.md). */
export const MIGRATED_PORT = 6380;

/**
 * What the cache's host name and port lead to once `switchDns` is asked (undefined otherwise: they
 * still lead to the cache). The host is the cache component's, or derived from the cache id's name
 * (public cloud: <name>.redis.cache.windows.net).
 */
export function migratedEndpointOf(
  migration: MigrationPlan | undefined,
  ossCluster: boolean,
): pulumi.Output<MigratedEndpoint | undefined> {
  if (migration === undefined || !migration.switchDns) return pulumi.output(undefined);
  const host =
    migration.source?.hostName ??
    pulumi.output(migration.cacheId).apply((id) => `${id.split("/").pop() ?? ""}.redis.cache.windows.net`);
  return host.apply((h) => ({ host: h, port: MIGRATED_PORT, cluster: ossCluster }));
}

/**
 * Creates the migration resource (none without `migrateFrom`), after every child created so far: the
 * assignments (so no identity is without access at the switch), the private endpoint, the rest.
 */
export function createMigration({
  parent,
  plan,
  target,
  children,
}: PartScope<{ migration?: MigrationPlan }>): pulumi.Resource[] {
  const m = plan.migration;
  if (m === undefined) return [];
  for (const w of m.warnings) void pulumi.log.warn(w, parent);
  const migration = new resources.Resource(
    `${plan.name}-migration`,
    {
      resourceGroupName: target.resourceGroupName,
      resourceProviderNamespace: MIGRATION_RESOURCE_TYPE.resourceProviderNamespace,
      parentResourcePath: target.resourceName.apply(MIGRATION_RESOURCE_TYPE.parentResourcePath),
      resourceType: MIGRATION_RESOURCE_TYPE.resourceType,
      resourceName: MIGRATION_RESOURCE_TYPE.resourceName,
      apiVersion: MIGRATION_API_VERSION,
      // As Azure's request examples (RedisEnterpriseMigrationStart*.json): these four, forceMigrate only when asked.
      properties: {
        skipDataMigration: m.skipDataMigration,
        sourceResourceId: m.cacheId,
        sourceType: MIGRATION_SOURCE_TYPE,
        switchDns: m.switchDns,
        ...(m.forceMigrate ? { forceMigrate: true } : {}),
      },
    },
    { parent, dependsOn: plan.gate.after(...children), retainOnDelete: true },
  );
  return [migration];
}

/** The part: Azure's migration into this instance (Managed Redis), planned by its check with the access. */
export const migrationPart = {
  name: "migration",
  create: createMigration,
} satisfies Part<{ migration?: MigrationPlan }>;
