/**
 * Active geo-replication of Azure Managed Redis (docs/azure-facts.md, "Geo-replication"): the
 * database joins a group when it is created (`geoReplication { groupNickname, linkedDatabases }` on
 * the Database, sent by managed-redis/create.ts): every member lists the group's existing databases
 * and itself. Each member is its own component, usually in its own region; the second one gets the
 * first one's `databaseId`. Checked here: the group name, the ids (shape, at most four others, no
 * duplicates), and what Azure documents about the member itself (no Balanced B0/B1, high
 * availability, no persistence, only RediSearch and RedisJSON, NoEviction on Flash Optimized). That
 * all members have the same SKU, clustering policy, modules and eviction policy can't be checked
 * from one member: Azure refuses the join. A property of the database, not a part of its own.
 * Azure Cache for Redis's passive geo-replication is the part parts/geo-replication.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { MANAGED_DATABASE_ID_PATTERN } from "../rules/ids.ts";
import { constraint } from "../rules/index.ts";
import type { InputGate } from "../input-gate.ts";
import type { ManagedRedisModuleArgs, ManagedRedisPersistenceArgs } from "../types.ts";
import { fail, type ErrorContext } from "../validate.ts";

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

/** The Managed Redis geo-replication, checked: what the Database gets. */
export interface CheckedManagedGeoReplication {
  groupNickname: pulumi.Input<string>;
  /** The other members' database ids (the component adds its own at creation). */
  linkedDatabaseIds: pulumi.Input<string>[];
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
