/** Public types of the local migration rehearsal (`startLocalMigration`). */
import type { LocalCredentialOptions, LocalEntraRedis, LocalTokenCredential } from "./types.ts";

/** Clustering of the Managed Redis-style target, named like the database's `clusteringPolicy`. */
export const LocalTargetClustering = {
  /** OSS clustering: a Redis Cluster, clients must be cluster-aware (Managed Redis' default). */
  OSSCluster: "OSSCluster",
  /** Non-clustered: one node, like Managed Redis' non-clustered mode (up to 25 GB). */
  NoCluster: "NoCluster",
} as const;
export type LocalTargetClustering = (typeof LocalTargetClustering)[keyof typeof LocalTargetClustering];

/** Options for {@link startLocalMigration}. */
export interface LocalMigrationOptions {
  /** The Azure Cache for Redis-style source: one node (Basic/Standard/Premium), or clustered Premium. */
  source?: { cluster?: { shards: number } };
  /**
   * The Managed Redis-style target. Default: like the source (a clustered source gets OSS clustering
   * with as many shards, a single-node source gets `NoCluster`); `shards` defaults to 3 for OSS clustering.
   */
  target?: { clusteringPolicy?: LocalTargetClustering; shards?: number };
  /** Token lifetime of `credential()`, in ms (default 60 minutes, like Entra). */
  tokenLifetimeMs?: number;
  /** Path of the `redis-server` binary; default: `redis-server` from `PATH`. */
  redisServerPath?: string;
  /** How long a succeeded migration can be undone, in ms (default 7 days; Azure returns its own date). */
  rollbackWindowMs?: number;
}

/** Options for {@link LocalMigration.migrate}, named like the migration resource's properties. */
export interface LocalMigrateOptions {
  /** Leave the data behind (the target starts empty). Default false: the data is copied. */
  skipDataMigration?: boolean;
  /**
   * Give the target the identities assigned on the source, with the same rights, before the switch
   * (what `EntraManagedRedis` with `migrateFrom` does; Azure's migration itself copies none).
   * Default true; false rehearses a migration without them: every AUTH is refused after the switch.
   */
  copyAccess?: boolean;
}

/** A disparity as Azure's `Migrations_Validate` reports one. */
export interface LocalMigrationDisparity {
  category: string;
  message: string;
}

/** What {@link LocalMigration.migrate} did. */
export interface LocalMigrationReport {
  /** Keys copied (0 with `skipDataMigration`). */
  keysCopied: number;
  /** Application connections closed by the switch. */
  connectionsClosed: number;
  /** Identities given access on the target. */
  identitiesCopied: number;
  /** Warnings Azure's validation would give for this pair (clustering, identities not copied, ...). */
  warnings: LocalMigrationDisparity[];
  /** Until when {@link LocalMigration.undo} works (ms since epoch), like `rollbackEligibleUntil`. */
  rollbackEligibleUntil: number;
}

/** Migration states, named like the migration resource's `provisioningState`. */
export type LocalMigrationState = "NotStarted" | "InProgress" | "Succeeded" | "Cancelled";

/**
 * A source instance and a Managed Redis-style target behind one host name and port, and the
 * migration between them. Connect the application to `host`/`port` with `ca`, as to the cache's host
 * name; `migrate()` switches the name to the target while the application runs.
 */
export interface LocalMigration {
  /** "127.0.0.1": the cache's host name. */
  readonly host: string;
  /** The cache's port (the 6380 of `<name>.redis.cache.windows.net`): kept through the switch. */
  readonly port: number;
  /** PEM of the CA both instances' certificates come from. */
  readonly ca: string;
  readonly tenantId: string;
  /** The Azure Cache for Redis-style source. */
  readonly source: LocalEntraRedis;
  /** The Managed Redis-style target (its own endpoint: `target.host`/`target.port`). */
  readonly target: LocalEntraRedis;
  readonly state: LocalMigrationState;
  /** A credential for an object id (its tokens work on both instances: one tenant). */
  credential(objectId: string, options?: LocalCredentialOptions): LocalTokenCredential;
  /** Gives an object id access on the source (and on the target too once migrated). */
  assign(objectId: string, permissions: string): Promise<void>;
  /**
   * Copies access (unless told not to), closes every connection to the source, copies the data
   * (unless skipped) and points the host name at the target. Resolves when the switch is done.
   */
  migrate(options?: LocalMigrateOptions): Promise<LocalMigrationReport>;
  /** Points the host name back at the source (Azure's `Migrations_Undo`), until `rollbackEligibleUntil`. */
  undo(): Promise<void>;
  /** Stops both instances and the host name. */
  stop(): Promise<void>;
}
