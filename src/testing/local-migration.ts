/**
 * `startLocalMigration()`: rehearses Azure's migration of an Azure Cache for Redis to Azure Managed
 * Redis on this machine, with the application running. Two local Entra Redis instances (the source,
 * and a Managed Redis-style target with its own gateway and clustering) share one tenant and one CA;
 * a switchable endpoint plays the cache's host name. `migrate()` does what Azure's migration does
 * (docs/azure-facts.md, "Migration"): data copied unless skipped, every connection to the cache closed,
 * the host name switched to the target; identities copied first, as `EntraManagedRedis` does.
 */
import { copyData } from "./migration-copy.ts";
import { startCompanionEntraRedis, startLocalEntraRedis } from "./local-entra-redis.ts";
import { SwitchEndpoint } from "./switch-endpoint.ts";
import {
  LocalTargetClustering,
  type LocalMigrateOptions,
  type LocalMigration,
  type LocalMigrationDisparity,
  type LocalMigrationOptions,
  type LocalMigrationReport,
  type LocalMigrationState,
} from "./migration-types.ts";
import type { LocalCredentialOptions, LocalEntraRedis, LocalTokenCredential } from "./types.ts";

const DEFAULT_ROLLBACK_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
const DEFAULT_TARGET_SHARDS = 3;

function targetOptions(options: LocalMigrationOptions): { cluster?: { shards: number } } {
  const policy =
    options.target?.clusteringPolicy ??
    (options.source?.cluster ? LocalTargetClustering.OSSCluster : LocalTargetClustering.NoCluster);
  if (policy !== LocalTargetClustering.OSSCluster && policy !== LocalTargetClustering.NoCluster) {
    throw new RangeError(
      `startLocalMigration(): target.clusteringPolicy must be "OSSCluster" or "NoCluster" (got ${JSON.stringify(policy)})`,
    );
  }
  if (policy === LocalTargetClustering.NoCluster) {
    if (options.target?.shards !== undefined) {
      throw new RangeError("startLocalMigration(): target.shards only applies to OSSCluster; remove it");
    }
    return {};
  }
  return {
    cluster: { shards: options.target?.shards ?? options.source?.cluster?.shards ?? DEFAULT_TARGET_SHARDS },
  };
}

/** The warnings Azure's validation gives for this pair that the rehearsal can know. */
function warningsFor(source: LocalEntraRedis, target: LocalEntraRedis, o: Required<LocalMigrateOptions>) {
  const warnings: LocalMigrationDisparity[] = [];
  const sourceClustered = source.nodes.length > 1;
  const targetClustered = target.nodes.length > 1;
  if (sourceClustered !== targetClustered) {
    warnings.push({
      category: "Clustering Mode",
      message: targetClustered
        ? "The target uses OSS clustering and the source does not: the application needs a cluster-aware client."
        : "The source is clustered and the target is not.",
    });
  }
  if (!o.copyAccess) {
    warnings.push({
      category: "Identity",
      message: "Entra assignments are not copied by the migration: the target refuses every identity.",
    });
  }
  if (o.skipDataMigration) {
    warnings.push({ category: "Data", message: "skipDataMigration: the target starts without the data." });
  }
  return warnings;
}

class LocalMigrationImpl implements LocalMigration {
  readonly host = "127.0.0.1";
  readonly source: LocalEntraRedis;
  readonly target: LocalEntraRedis;
  readonly #endpoint: SwitchEndpoint;
  readonly #assigned = new Map<string, string>();
  readonly #rollbackWindowMs: number;
  #state: LocalMigrationState = "NotStarted";
  #rollbackEligibleUntil = 0;

  constructor(
    source: LocalEntraRedis,
    target: LocalEntraRedis,
    endpoint: SwitchEndpoint,
    rollbackWindowMs: number,
  ) {
    this.source = source;
    this.target = target;
    this.#endpoint = endpoint;
    this.#rollbackWindowMs = rollbackWindowMs;
  }

  get port(): number {
    return this.#endpoint.port;
  }
  get ca(): string {
    return this.source.ca;
  }
  get tenantId(): string {
    return this.source.tenantId;
  }
  get state(): LocalMigrationState {
    return this.#state;
  }

  credential(objectId: string, options?: LocalCredentialOptions): LocalTokenCredential {
    return this.source.credential(objectId, options);
  }

  async assign(objectId: string, permissions: string): Promise<void> {
    await this.source.assign(objectId, permissions);
    this.#assigned.set(objectId, permissions);
    if (this.#state === "Succeeded") await this.target.assign(objectId, permissions);
  }

  async migrate(options: LocalMigrateOptions = {}): Promise<LocalMigrationReport> {
    if (this.#state === "InProgress" || this.#state === "Succeeded") {
      throw new Error(`migrate(): the migration is already ${this.#state}; undo() it first to migrate again`);
    }
    const o = {
      skipDataMigration: options.skipDataMigration ?? false,
      copyAccess: options.copyAccess ?? true,
    };
    this.#state = "InProgress";
    try {
      let identitiesCopied = 0;
      if (o.copyAccess) {
        for (const [objectId, permissions] of this.#assigned) {
          await this.target.assign(objectId, permissions);
          identitiesCopied += 1;
        }
      }
      // Every connection the cache has (through the host name, or to a cluster node's own port) closes.
      const connectionsClosed = this.source.stats().connectionsOpen;
      let keysCopied = 0;
      await this.#endpoint.switchTo(this.target.port, async () => {
        // The cache stops serving: its node endpoints close every connection, as Azure's switch does.
        await this.source.stopFrontEnd();
        if (!o.skipDataMigration) keysCopied = await copyData(this.source, this.target);
      });
      this.#state = "Succeeded";
      this.#rollbackEligibleUntil = Date.now() + this.#rollbackWindowMs;
      return {
        keysCopied,
        connectionsClosed,
        identitiesCopied,
        warnings: warningsFor(this.source, this.target, o),
        rollbackEligibleUntil: this.#rollbackEligibleUntil,
      };
    } catch (err) {
      this.#state = "NotStarted";
      if (this.source.isFrontEndDown()) await this.source.startFrontEnd();
      throw err;
    }
  }

  async undo(): Promise<void> {
    if (this.#state !== "Succeeded")
      throw new Error(`undo(): there is no succeeded migration (state ${this.#state})`);
    if (Date.now() > this.#rollbackEligibleUntil) {
      throw new Error("undo(): rollbackEligibleUntil has passed; the source was released");
    }
    await this.#endpoint.switchTo(this.source.port, async () => {
      // Writes made on the target since the switch stay there: Azure documents no copy back.
      await this.target.stopFrontEnd();
      await this.source.startFrontEnd();
    });
    this.#state = "Cancelled";
  }

  async stop(): Promise<void> {
    await this.#endpoint.close();
    await Promise.all([this.source.stop(), this.target.stop()]);
  }
}

/**
 * Starts a source and a Managed Redis-style target behind one host name and port (free loopback
 * ports). Connect the application to the returned `host`/`port` with `ca`, assign its identity, then
 * call `migrate()` while it runs. Call `stop()` when done.
 */
export async function startLocalMigration(options: LocalMigrationOptions = {}): Promise<LocalMigration> {
  const target = targetOptions(options);
  const rollbackWindowMs = options.rollbackWindowMs ?? DEFAULT_ROLLBACK_WINDOW_MS;
  if (!(Number.isFinite(rollbackWindowMs) && rollbackWindowMs >= 0)) {
    throw new RangeError(
      `startLocalMigration(): rollbackWindowMs must be 0 or more milliseconds (got ${String(rollbackWindowMs)})`,
    );
  }
  const common = {
    ...(options.redisServerPath !== undefined ? { redisServerPath: options.redisServerPath } : {}),
  };
  const source = await startLocalEntraRedis({
    ...common,
    ...(options.source?.cluster ? { cluster: options.source.cluster } : {}),
    ...(options.tokenLifetimeMs !== undefined ? { tokenLifetimeMs: options.tokenLifetimeMs } : {}),
  });
  let companion: LocalEntraRedis | undefined;
  const endpoint = new SwitchEndpoint(source.port);
  try {
    companion = await startCompanionEntraRedis(source, { ...common, ...target });
    await endpoint.listen();
    return new LocalMigrationImpl(source, companion, endpoint, rollbackWindowMs);
  } catch (err) {
    await endpoint.close();
    await Promise.all([source.stop(), companion?.stop()]);
    throw err;
  }
}
