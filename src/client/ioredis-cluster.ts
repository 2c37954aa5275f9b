/**
 * ioredis Cluster with Entra tokens kept current on every node connection, including nodes the
 * cluster discovers later. ioredis Cluster has no async password hook (ioredis #2170), so we keep the
 * options it copies into new node connections up to date and bind each node connection as it appears.
 */
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from "ioredis";
import type { EntraAuth } from "./entra-auth.ts";
import type { EntraRedisCredentials } from "./credentials.ts";
import { connectWithRetry, explainError, loadIoredis } from "./adapter.ts";
import {
  applyCredentials,
  bindConnection,
  guardConnection,
  hideTokenFromInspect,
  installScrubber,
  labelOf,
  reauthenticate,
  requireTls,
  warnIfIoredisDebug,
} from "./ioredis-binding.ts";
import { bindClusterDuplicates } from "./ioredis-derived.ts";
import { readyCheckOption } from "./ioredis-ready-check.ts";

/** Cluster options without credentials (they come from the token); `redisOptions.tls` is required (default on). */
export type EntraIoredisClusterOptions = Omit<ClusterOptions, "lazyConnect" | "redisOptions"> & {
  redisOptions?: Omit<RedisOptions, "username" | "password">;
};

/** The ioredis Cluster internals we keep current (present in ioredis 5 and 6; all optional). */
interface ClusterInternals {
  options: { redisOptions?: { username?: string; password?: string } };
  connectionPool?: { redisOptions?: { username?: string; password?: string } };
  subscriber?: { getInstance?: () => Redis | null | undefined; selectSubscriber?: () => void } | null;
}

/**
 * ioredis creates the cluster's own pub/sub connection with `enableReadyCheck: true` whatever
 * `redisOptions` say, so under Data Contributor and Data Reader its INFO is refused and ioredis logs
 * `Skipping the ready check because INFO command fails: "NOPERM..."` each time it picks one. Each
 * one it picks (lazily connected) gets the application's ready-check choice (default off) and the
 * connection guard (its handshake then carries the current token) before it connects.
 */
function prepareClusterSubscriber(auth: EntraAuth, cluster: Cluster): void {
  const holder = (cluster as unknown as ClusterInternals).subscriber;
  const select = holder?.selectSubscriber;
  if (!holder || typeof select !== "function") return;
  const readyCheck = readyCheckOption(
    (cluster as unknown as { options: ClusterOptions }).options.redisOptions,
  );
  const prepare = (): void => {
    const sub = holder.getInstance?.();
    if (!sub) return;
    (sub as unknown as { options: { enableReadyCheck?: boolean } }).options.enableReadyCheck = readyCheck;
    guardConnection(auth, sub);
  };
  Object.defineProperty(holder, "selectSubscriber", {
    configurable: true,
    writable: true,
    enumerable: false,
    value: () => {
      select.call(holder);
      prepare();
    },
  });
  prepare();
}

function updateClusterOptions(cluster: Cluster, creds: EntraRedisCredentials): void {
  const c = cluster as unknown as ClusterInternals;
  for (const target of [c.options.redisOptions, c.connectionPool?.redisOptions]) {
    if (target) {
      target.username = creds.username;
      target.password = creds.password;
    }
  }
}

/**
 * Returns a ready ioredis Cluster over TLS whose every node connection re-AUTHs after each token
 * refresh (staggered within `reauthSpreadMs`) and reconnects with the fresh token. Node connections
 * discovered later (`+node`) are bound as they appear.
 *
 * Pub/sub: the cluster's own subscriber connection is RESP2 unless `redisOptions.protocol` is 3; use
 * {@link connectIoredisSubscriber} against one node for make-before-break rotation instead.
 *
 * @example
 * const cluster = await connectIoredisCluster(auth, [{ host: "myredis.westeurope.redis.azure.net", port: 10000 }]);
 */
export async function connectIoredisCluster(
  auth: EntraAuth,
  startupNodes: ClusterNode[],
  options: EntraIoredisClusterOptions = {},
): Promise<Cluster> {
  const tls = requireTls(options.redisOptions?.tls, "redisOptions.tls");
  const { Cluster: ClusterCtor } = await loadIoredis(); // first: the token should be fresh when sent
  const creds = await auth.getCredentials();
  const redisOptions = {
    ...options.redisOptions,
    tls,
    username: creds.username,
    password: creds.password,
    enableReadyCheck: readyCheckOption(options.redisOptions),
  };
  const cluster = new ClusterCtor(startupNodes, { ...options, redisOptions, lazyConnect: true });
  const unbind = bindCluster(auth, cluster);

  try {
    await connectWithRetry(auth, cluster, () => {
      const latest = auth.current();
      if (latest) updateClusterOptions(cluster, latest);
    });
  } catch (err) {
    unbind();
    cluster.disconnect();
    throw explainError(auth, err, { tls: true });
  }
  bindClusterDuplicates(cluster, (copy) => void bindCluster(auth, copy), { lazyConnect: false });
  return cluster;
}

/**
 * Binds a cluster to the token manager until it ends: its options and every node connection (those it
 * has and those it discovers, via `+node`) follow each refresh, each node re-AUTHs (staggered), the
 * cluster's own subscriber re-AUTHs in place when it speaks RESP3, commands it queues fail while the token
 * is expired, and the token stays out of util.inspect. Used for connectIoredisCluster's cluster and
 * for every cluster.duplicate(). Returns the unbind function.
 */
function bindCluster(auth: EntraAuth, cluster: Cluster): () => void {
  hideTokenFromInspect(auth, cluster);
  guardConnection(auth, cluster as unknown as Redis);
  prepareClusterSubscriber(auth, cluster);
  warnIfIoredisDebug(auth);
  // Commands the cluster queues while the token is expired fail: guardConnection's sweep.
  const bound = new Map<Redis, () => void>();

  const bindNode = (node: Redis): void => {
    if (bound.has(node)) return;
    const label = labelOf(node);
    installScrubber(node, label);
    const fresh = auth.current();
    if (fresh) applyCredentials(node, fresh);
    bound.set(node, bindConnection(auth, node, label));
    node.once("end", () => bound.delete(node));
  };
  cluster.on("+node", bindNode);
  cluster.on("-node", (node: Redis) => {
    bound.get(node)?.();
    bound.delete(node);
  });

  const offRotate = auth.onRotate((fresh) => {
    updateClusterOptions(cluster, fresh);
    // The cluster's own pub/sub connection: AUTH in place when it speaks RESP3 (ioredis 6's default,
    // so read from the live connection); on RESP2 it is closed at expiry and ioredis re-creates it
    // from a node's (fresh) options.
    const sub = (cluster as unknown as ClusterInternals).subscriber?.getInstance?.();
    if (sub && !bound.has(sub)) {
      applyCredentials(sub, fresh);
      if ((sub as unknown as { condition?: { protocol?: number } | null }).condition?.protocol === 3) {
        const timer = setTimeout(
          () => void reauthenticate(auth, sub, labelOf(sub, "cluster subscriber")),
          auth.reauthDelayMs(),
        );
        timer.unref();
      }
    }
  });

  const unbind = (): void => {
    offRotate();
    for (const off of bound.values()) off();
    bound.clear();
  };
  cluster.once("end", unbind);
  for (const node of cluster.nodes("all")) bindNode(node);
  return unbind;
}
