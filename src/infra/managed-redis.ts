/**
 * EntraManagedRedis: Azure Managed Redis (Microsoft.Cache/redisEnterprise) with Microsoft Entra ID
 * only. Shares assignments, network, validation and outputs with EntraRedisCache. See README.md.
 */
import * as pulumi from "@pulumi/pulumi";
import * as redisenterprise from "@pulumi/azure-native/redisenterprise/index.js";
import { REDIS_TOKEN_SCOPE } from "../internal/token-scope.ts";
import {
  checkAssignments,
  connectionsOutput,
  objectIdsOutput,
  SerialWrites,
  type CheckedAssignment,
} from "./assignments.ts";
import { InputGate } from "./input-gate.ts";
import {
  checkPrivateEndpoint,
  createPrivateEndpoint,
  decidePublicNetworkAccess,
  MANAGED_REDIS_PRIVATE_LINK,
} from "./network.ts";
import { MANAGED_REDIS_POLICY } from "./policies.ts";
import {
  ClusteringPolicy,
  type AssignmentArgs,
  type ManagedRedisModuleArgs,
  type ManagedRedisPersistenceArgs,
  type PrivateEndpointArgs,
  type RedisConnection,
} from "./types.ts";
import { checkNonEmpty, checkOneOf, checkResourceName, fail, type ErrorContext } from "./validate.ts";

/** Arguments of {@link EntraManagedRedis}. */
export interface EntraManagedRedisArgs {
  /** Resource group for the cluster and everything the component creates (private endpoint, DNS zone). */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the cluster (default: the provider's default location). */
  location?: pulumi.Input<string>;
  /** Cluster name (1-60 letters, digits, single hyphens); generated from the component name when omitted. */
  clusterName?: string;
  /** Tags for the cluster, private endpoint and DNS zone. */
  tags?: { [key: string]: pulumi.Input<string> };
  /**
   * SKU (default "Balanced_B1"): Balanced_B*, MemoryOptimized_M*, ComputeOptimized_X* or
   * FlashOptimized_A*. The retired Enterprise_* and EnterpriseFlash_* SKUs are rejected.
   */
  sku?: string;
  /** Replicate data for high availability (default true). */
  highAvailability?: boolean;
  /** Availability zones, e.g. ["1", "2", "3"]. */
  zones?: string[];
  /**
   * "OSSCluster" (default; needs a cluster-aware client), "EnterpriseCluster" (one endpoint) or
   * "NoCluster". Fixed at creation: changing it replaces the database (and its data).
   */
  clusteringPolicy?: ClusteringPolicy;
  /** Eviction policy, e.g. "VolatileLRU" (Azure's default) or "NoEviction". */
  evictionPolicy?: string;
  /** Data persistence: AOF or RDB, not both. */
  persistence?: ManagedRedisPersistenceArgs;
  /** Redis modules (RediSearch, RedisJSON, RedisBloom, RedisTimeSeries); fixed at creation. */
  modules?: ManagedRedisModuleArgs[];
  /** Keep access keys working next to Entra ID (default false: keys disabled, Entra ID only). */
  accessKeyAuthentication?: boolean;
  /** The identities that may connect, one assignment each (at least one); policy "default" only. */
  assignments: AssignmentArgs[];
  /** A private endpoint and its private DNS zone; public access is then off unless allowPublicNetworkAccess is true. */
  privateEndpoint?: PrivateEndpointArgs;
  /** Explicit opt-in to public network access (Entra ID still required). Managed Redis has no IP firewall. */
  allowPublicNetworkAccess?: boolean;
}

const MANAGED_SKU =
  /^(Balanced_B|MemoryOptimized_M|ComputeOptimized_X|FlashOptimized_A)[1-9]\d*$|^Balanced_B0$/;
const EVICTION = [
  "AllKeysLFU",
  "AllKeysLRU",
  "AllKeysRandom",
  "VolatileLRU",
  "VolatileLFU",
  "VolatileTTL",
  "VolatileRandom",
  "NoEviction",
];
const MODULES = ["RediSearch", "RedisJSON", "RedisBloom", "RedisTimeSeries"];
/** Assignment resource names on Managed Redis (no hyphens: Azure/azure-cli#33568). */
export const MANAGED_ASSIGNMENT_NAME = /^[A-Za-z0-9]{1,60}$/;

/** The Azure name of a Managed Redis assignment: its alias without hyphens. */
export function managedAssignmentName(alias: string): string {
  return alias.replaceAll("-", "");
}

/**
 * Azure Managed Redis with Microsoft Entra ID only: a cluster (TLS 1.2, public access set explicitly),
 * its database "default" (TLS on port 10000, access keys off), one access policy assignment per identity
 * (written one at a time), an optional private endpoint, and the same outputs as EntraRedisCache so
 * application code doesn't change.
 */
export class EntraManagedRedis extends pulumi.ComponentResource {
  /** Resource id of the cluster. */
  public readonly clusterId: pulumi.Output<string>;
  /** Name of the cluster. */
  public readonly clusterName: pulumi.Output<string>;
  /** Host name, <name>.<region>.redis.azure.net. */
  public readonly hostName: pulumi.Output<string>;
  /** TLS port of the database (10000). */
  public readonly port: pulumi.Output<number>;
  /** OAuth scope for the apps' tokens: https://redis.azure.com/.default. */
  public readonly tokenScope: pulumi.Output<string>;
  /** Every assigned object id (the Redis usernames), in assignment order. */
  public readonly objectIds: pulumi.Output<string[]>;
  /** Per alias: host, port, username (object id), policy, token scope and cluster flag (true for OSSCluster). */
  public readonly connections: pulumi.Output<{ [alias: string]: RedisConnection }>;

  constructor(name: string, args: EntraManagedRedisArgs, opts?: pulumi.ComponentResourceOptions) {
    // Every plain value is checked before anything is registered, even the component itself; Output
    // values are checked through the gate before any child is registered.
    const ctx: ErrorContext = `EntraManagedRedis "${name}"`;
    const {
      gate,
      resourceGroupName,
      location,
      sku,
      clusteringPolicy,
      assignments,
      privateEndpoint,
      publicNetworkAccess,
    } = checkManagedArgs(ctx, args);
    super("azure-redis-entra:index:EntraManagedRedis", name, {}, opts);

    // ---- cluster and database ----
    const cluster = new redisenterprise.RedisEnterprise(
      `${name}-cluster`,
      {
        resourceGroupName,
        ...(location !== undefined ? { location } : {}),
        ...(args.clusterName !== undefined ? { clusterName: args.clusterName } : {}),
        ...(args.tags !== undefined ? { tags: args.tags } : {}),
        sku: { name: sku },
        minimumTlsVersion: "1.2",
        highAvailability: args.highAvailability === false ? "Disabled" : "Enabled",
        ...(args.zones !== undefined ? { zones: args.zones } : {}),
        publicNetworkAccess,
      },
      { parent: this, dependsOn: gate.after() },
    );
    const database = new redisenterprise.Database(
      `${name}-db`,
      {
        resourceGroupName,
        clusterName: cluster.name,
        // Azure allows a single database, named "default".
        databaseName: "default",
        clientProtocol: "Encrypted",
        port: 10000,
        clusteringPolicy,
        accessKeysAuthentication: args.accessKeyAuthentication === true ? "Enabled" : "Disabled",
        ...(args.evictionPolicy !== undefined ? { evictionPolicy: args.evictionPolicy } : {}),
        ...(args.persistence !== undefined ? { persistence: args.persistence } : {}),
        ...(args.modules !== undefined ? { modules: args.modules } : {}),
      },
      { parent: this, dependsOn: gate.after(cluster) },
    );

    // ---- assignments: one write at a time (parallel ones can end in state Failed) ----
    const writes = new SerialWrites(gate, database);
    for (const a of assignments) {
      writes.next(
        (dependsOn) =>
          new redisenterprise.AccessPolicyAssignment(
            `${name}-assignment-${a.alias}`,
            {
              resourceGroupName,
              clusterName: cluster.name,
              databaseName: database.name,
              accessPolicyAssignmentName: managedAssignmentName(a.alias),
              accessPolicyName: MANAGED_REDIS_POLICY,
              user: { objectId: a.objectId },
            },
            { parent: this, dependsOn },
          ),
      );
    }

    if (privateEndpoint !== undefined) {
      createPrivateEndpoint({
        name,
        parent: this,
        gate,
        resourceGroupName,
        location: location ?? cluster.location,
        targetId: cluster.id,
        target: cluster,
        service: MANAGED_REDIS_PRIVATE_LINK,
        args: privateEndpoint,
        ...(args.tags !== undefined ? { tags: args.tags } : {}),
      });
    }

    this.clusterId = cluster.id;
    this.clusterName = cluster.name;
    this.hostName = cluster.hostName;
    this.port = database.port.apply((p) => p ?? 10000);
    this.tokenScope = pulumi.output(REDIS_TOKEN_SCOPE);
    this.objectIds = objectIdsOutput(assignments, gate);
    this.connections = connectionsOutput(
      assignments,
      gate,
      this.hostName,
      this.port,
      clusteringPolicy === "OSSCluster",
    );
    this.registerOutputs({
      clusterId: this.clusterId,
      clusterName: this.clusterName,
      hostName: this.hostName,
      port: this.port,
      tokenScope: this.tokenScope,
      objectIds: this.objectIds,
      connections: this.connections,
    });
  }
}

/** All checks of the arguments that can run now; Output values get gate checks. Creates nothing. */
function checkManagedArgs(ctx: ErrorContext, args: EntraManagedRedisArgs) {
  if (typeof args !== "object" || args === null)
    fail(
      ctx,
      "args",
      args,
      "are missing",
      "give at least resourceGroupName, assignments and a network choice",
    );
  const gate = new InputGate();

  // ---- checks ----
  const resourceGroupName = gate.check(args.resourceGroupName, (v) =>
    checkNonEmpty(ctx, "resourceGroupName", v),
  );
  const location =
    args.location === undefined
      ? undefined
      : gate.check(args.location, (v) => checkNonEmpty(ctx, "location", v));
  if ((args as { firewallRules?: unknown }).firewallRules !== undefined) {
    fail(
      ctx,
      "firewallRules",
      "(set)",
      "is not supported: Azure Managed Redis has no IP firewall rules",
      "use privateEndpoint, or allowPublicNetworkAccess: true (Entra ID still required)",
    );
  }
  const sku = args.sku ?? "Balanced_B1";
  if (typeof sku === "string" && /^Enterprise(Flash)?_/.test(sku)) {
    fail(
      ctx,
      "sku",
      sku,
      "is a retired Azure Cache for Redis Enterprise SKU",
      'use an Azure Managed Redis SKU: Balanced_B*, MemoryOptimized_M*, ComputeOptimized_X* or FlashOptimized_A*, e.g. "Balanced_B1"',
    );
  }
  if (typeof sku !== "string" || !MANAGED_SKU.test(sku)) {
    fail(
      ctx,
      "sku",
      sku,
      "is not an Azure Managed Redis SKU",
      'use Balanced_B*, MemoryOptimized_M*, ComputeOptimized_X* or FlashOptimized_A*, e.g. "Balanced_B1"',
    );
  }
  if (args.clusterName !== undefined) checkResourceName(ctx, "clusterName", args.clusterName, 60);
  const clusteringPolicy = args.clusteringPolicy ?? "OSSCluster";
  checkOneOf(
    ctx,
    "clusteringPolicy",
    clusteringPolicy,
    Object.values(ClusteringPolicy),
    "a clustering policy",
  );
  if (args.evictionPolicy !== undefined)
    checkOneOf(ctx, "evictionPolicy", args.evictionPolicy, EVICTION, "an eviction policy");
  if (args.zones !== undefined) {
    if (!Array.isArray(args.zones))
      fail(ctx, "zones", args.zones, "is not a list", 'give zone numbers as strings, e.g. ["1", "2", "3"]');
    args.zones.forEach((z, i) => checkOneOf(ctx, `zones[${i}]`, z, ["1", "2", "3"], "an availability zone"));
  }
  checkPersistence(ctx, args.persistence);
  checkModules(ctx, args.modules);
  const assignments = checkAssignments(ctx, gate, args.assignments, (policy, field) => {
    if (policy === undefined || policy === MANAGED_REDIS_POLICY) return MANAGED_REDIS_POLICY;
    return fail(
      ctx,
      field,
      policy,
      "is not available on Azure Managed Redis: per-identity permissions need the 2026-05-01-preview API (accessString), which the pinned @pulumi/azure-native 3.x SDK (API 2025-07-01) does not expose yet",
      'use "default" (full data access; leave policy out) and restrict what the app does in code, or keep the identity on EntraRedisCache with a custom policy until the SDK supports it',
    );
  });
  checkManagedAssignmentNames(ctx, assignments);
  const privateEndpoint =
    args.privateEndpoint === undefined
      ? undefined
      : checkPrivateEndpoint(ctx, gate, args.privateEndpoint, MANAGED_REDIS_PRIVATE_LINK);
  const publicNetworkAccess = decidePublicNetworkAccess(ctx, {
    allowPublicNetworkAccess: args.allowPublicNetworkAccess,
    ...(args.privateEndpoint !== undefined ? { privateEndpoint: args.privateEndpoint } : {}),
  });
  return {
    gate,
    resourceGroupName,
    location,
    sku,
    clusteringPolicy,
    assignments,
    privateEndpoint,
    publicNetworkAccess,
  };
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
  if (p.aofEnabled === true && p.rdbEnabled === true) {
    fail(ctx, "persistence", p, "turns on both AOF and RDB", "choose one: aofEnabled or rdbEnabled");
  }
  if (p.aofFrequency !== undefined)
    checkOneOf(ctx, "persistence.aofFrequency", p.aofFrequency, ["1s"], "an AOF frequency");
  if (p.rdbFrequency !== undefined)
    checkOneOf(ctx, "persistence.rdbFrequency", p.rdbFrequency, ["1h", "6h", "12h"], "an RDB frequency");
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
    checkOneOf(ctx, `modules[${i}].name`, m?.name, MODULES, "a module Azure Managed Redis offers");
    if (seen.has(m.name)) fail(ctx, `modules[${i}].name`, m.name, "is listed twice", "list each module once");
    seen.add(m.name);
  });
}
