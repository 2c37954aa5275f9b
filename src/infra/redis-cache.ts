/**
 * EntraRedisCache: an Azure Cache for Redis reachable only with Microsoft Entra ID tokens, or the
 * Entra setup (policies, assignments, network) of an existing cache. See README.md; the shape the
 * constructor follows (check → plan → target → parts → outputs) is described in plan.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { finish } from "./finish.ts";
import type { RedisConnection } from "./types.ts";
import type { EntraRedisCacheArgs } from "./redis-cache/args.ts";
import { checkCacheArgs } from "./redis-cache/check.ts";
import { createCacheTarget } from "./redis-cache/create.ts";
import { describeMigrationSource, registerMigrationSource } from "./parts/migration-source.ts";
import { partSettings } from "./parts/index.ts";

export type { EntraRedisCacheArgs } from "./redis-cache/args.ts";

/**
 * An Azure Cache for Redis reachable only with Microsoft Entra ID tokens: Entra auth on, access keys
 * off, TLS 1.2 only, a data access policy per identity (written one at a time), the network closed by
 * a private endpoint or firewall rules, and the connection metadata for the apps. With
 * `existingCache`, it manages the same around a cache it doesn't create.
 *
 * All input is checked before anything is created; Output values as soon as they resolve, before any
 * child resource is registered.
 */
export class EntraRedisCache extends pulumi.ComponentResource {
  /** Azure resource id of the cache. */
  public readonly resourceId: pulumi.Output<string>;
  /** Azure name of the cache. */
  public readonly resourceName: pulumi.Output<string>;
  /** Host name of the cache, <name>.redis.cache.windows.net. */
  public readonly hostName: pulumi.Output<string>;
  /** TLS port (6380). */
  public readonly port: pulumi.Output<number>;
  /** OAuth scope for the apps' tokens: https://redis.azure.com/.default. */
  public readonly tokenScope: pulumi.Output<string>;
  /** Every assigned object id (the Redis usernames), in assignment order. */
  public readonly objectIds: pulumi.Output<string[]>;
  /** Per alias: host, port, username (object id), policy, token scope and cluster flag for the app's settings. */
  public readonly connections: pulumi.Output<{ [alias: string]: RedisConnection }>;
  /** Principal (object) id of the cache's system-assigned identity; undefined without one. */
  public readonly identityPrincipalId: pulumi.Output<string | undefined>;

  constructor(name: string, args: EntraRedisCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    // Plain values are checked before anything is registered, even the component itself.
    const plan = checkCacheArgs(name, args);
    super("azure-redis-entra:index:EntraRedisCache", name, {}, opts);
    const out = finish(this, plan, createCacheTarget(this, plan));
    this.resourceId = out.resourceId;
    this.resourceName = out.resourceName;
    this.hostName = out.hostName;
    this.port = out.port;
    this.tokenScope = out.tokenScope;
    this.objectIds = out.objectIds;
    this.connections = out.connections;
    this.identityPrincipalId = out.identityPrincipalId;
    // `migrateFrom: { cacheId: cache.resourceId }` of an EntraManagedRedis finds this cache's identities.
    registerMigrationSource(
      this.resourceId,
      describeMigrationSource(name, args, this.hostName, partSettings(plan).redisConfiguration),
    );
    this.registerOutputs({ ...out });
  }
}
