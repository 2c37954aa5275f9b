/**
 * EntraManagedRedis: Azure Managed Redis (Microsoft.Cache/redisEnterprise) with Microsoft Entra ID
 * only. Shares the plan shape, the parts and the outputs with EntraRedisCache (plan.ts). See README.md.
 */
import * as pulumi from "@pulumi/pulumi";
import { finish } from "./finish.ts";
import type { MigratedEndpoint, RedisConnection } from "./types.ts";
import { migratedEndpointOf } from "./parts/migration.ts";
import type { EntraManagedRedisArgs } from "./managed-redis/args.ts";
import { checkManagedArgs } from "./managed-redis/check.ts";
import { createManagedTarget } from "./managed-redis/create.ts";

export type { EntraManagedRedisArgs } from "./managed-redis/args.ts";
export { MANAGED_ASSIGNMENT_NAME, managedAssignmentName } from "./managed-redis/check.ts";

/**
 * Azure Managed Redis with Microsoft Entra ID only: a cluster (TLS 1.2, public access set explicitly),
 * its database "default" (TLS on port 10000, access keys off), one access policy assignment per identity
 * (written one at a time), an optional private endpoint, and the same outputs as EntraRedisCache so
 * application code doesn't change.
 */
export class EntraManagedRedis extends pulumi.ComponentResource {
  /** Azure resource id of the cluster. */
  public readonly resourceId: pulumi.Output<string>;
  /** Azure name of the cluster. */
  public readonly resourceName: pulumi.Output<string>;
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
  /** Principal (object) id of the cluster's system-assigned identity; undefined without one. */
  public readonly identityPrincipalId: pulumi.Output<string | undefined>;
  /** Azure resource id of the database ("default"). */
  public readonly databaseId: pulumi.Output<string>;
  /**
   * With `migrateFrom` and `switchDns: true`: the cache's host name and port (6380), which lead to this
   * instance after the switch, and whether a client must be cluster-aware there; undefined otherwise.
   */
  public readonly migratedEndpoint: pulumi.Output<MigratedEndpoint | undefined>;

  constructor(name: string, args: EntraManagedRedisArgs, opts?: pulumi.ComponentResourceOptions) {
    // Plain values are checked before anything is registered, even the component itself.
    const plan = checkManagedArgs(name, args);
    super("azure-redis-entra:index:EntraManagedRedis", name, {}, opts);
    const target = createManagedTarget(this, plan);
    const out = finish(this, plan, target);
    this.resourceId = out.resourceId;
    this.resourceName = out.resourceName;
    this.hostName = out.hostName;
    this.port = out.port;
    this.tokenScope = out.tokenScope;
    this.objectIds = out.objectIds;
    this.connections = out.connections;
    this.identityPrincipalId = out.identityPrincipalId;
    this.databaseId = target.database.id;
    this.migratedEndpoint = migratedEndpointOf(
      plan.migration,
      plan.database.clusteringPolicy === "OSSCluster",
    );
    this.registerOutputs({ ...out, databaseId: this.databaseId, migratedEndpoint: this.migratedEndpoint });
  }
}
