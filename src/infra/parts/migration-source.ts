/**
 * What EntraManagedRedis's `migrateFrom` can know about the cache it migrates from. An EntraRedisCache
 * registers itself under its `resourceId` Output; `migrateFrom: { cacheId: cache.resourceId }` finds
 * it there (the same Output object), and the Managed Redis instance then gets the cache's identities
 * with the same rights and is checked against the cache's settings before anything is created. A
 * cache id from elsewhere (a string, another stack, another language) is not recognised: the caller
 * lists the assignments, and Azure's own validation is the only check of the cache's settings.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CustomPolicyArgs } from "./custom-policies.ts";
import type { EntraRedisCacheArgs } from "../redis-cache/args.ts";
import type { AssignmentArgs } from "../types.ts";
import { defined } from "../defined.ts";

/** The settings of a source cache that Azure's migration compares or doesn't copy. */
export interface MigrationSource {
  /** The EntraRedisCache's Pulumi name (for messages). */
  componentName: string;
  /** The cache's identities as given to it (aliases, object ids, policies). */
  assignments: readonly AssignmentArgs[];
  customPolicies: readonly CustomPolicyArgs[];
  /** Host name of the cache (what the apps use before the switch, and after it too). */
  hostName: pulumi.Output<string>;
  /** A clustered Premium cache (`shardCount`): its apps use a cluster-aware client. */
  clustered: boolean;
  /** Basic: no replica, no SLA. */
  basic: boolean;
  location?: pulumi.Input<string>;
  /** Adopted with `existingCache`: the package doesn't know the cache's own settings. */
  adopted: boolean;
  firewallRules: number;
  privateEndpoint: boolean;
  geoReplication: boolean;
  /** The cache's own managed identity. */
  identity: boolean;
  patchSchedule: boolean;
  accessKeyAuthentication: boolean;
  /** `redisConfiguration` keys that turn on RDB or AOF persistence. */
  persistence: boolean;
  keyspaceNotifications: boolean;
  /** `redisConfiguration.databases` above 1 (only database 0 is migrated). */
  databases: boolean;
}

const sources = new WeakMap<object, MigrationSource>();

/** Describes an EntraRedisCache's arguments for a later migration. */
export function describeMigrationSource(
  componentName: string,
  args: EntraRedisCacheArgs,
  hostName: pulumi.Output<string>,
  /** What the cache's parts set in its redisConfiguration (keyspace notifications), beside the user's. */
  partConfiguration: { [key: string]: pulumi.Input<string> } = {},
): MigrationSource {
  const config = { ...args.redisConfiguration, ...partConfiguration };
  const on = (key: string) => {
    const v = config[key];
    return v !== undefined && v !== "false" && v !== "";
  };
  const databases = config["databases"];
  return {
    componentName,
    assignments: [...(args.assignments ?? [])],
    customPolicies: [...(args.customPolicies ?? [])],
    hostName,
    clustered: typeof args.shardCount === "number" && args.shardCount >= 1,
    basic: args.sku === "Basic",
    ...defined({ location: args.location }),
    adopted: args.existingCache !== undefined,
    firewallRules: args.firewallRules?.length ?? 0,
    privateEndpoint: args.privateEndpoint !== undefined,
    geoReplication: args.geoReplication !== undefined,
    identity: args.identity !== undefined,
    patchSchedule: (args.patchSchedule?.length ?? 0) > 0,
    accessKeyAuthentication: args.accessKeyAuthentication === true,
    persistence: on("rdbBackupEnabled") || on("aofBackupEnabled"),
    keyspaceNotifications: on("notifyKeyspaceEvents"),
    databases: typeof databases === "string" && Number(databases) > 1,
  };
}

/** Registers a cache under its `resourceId` Output. */
export function registerMigrationSource(resourceId: pulumi.Output<string>, source: MigrationSource): void {
  sources.set(resourceId, source);
}

/** The cache registered under this exact value (an EntraRedisCache's `resourceId`), if any. */
export function migrationSourceOf(cacheId: unknown): MigrationSource | undefined {
  return typeof cacheId === "object" && cacheId !== null ? sources.get(cacheId) : undefined;
}
