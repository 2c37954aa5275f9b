/**
 * ioredis Cluster with Entra tokens kept current on every node connection, including nodes the
 * cluster discovers later. ioredis Cluster has no async password hook (ioredis #2170), so we keep the
 * options it copies into new node connections up to date and bind each node connection as it appears.
 */
import type { Cluster, ClusterNode, ClusterOptions, Redis, RedisOptions } from "ioredis";
import type { EntraAuth } from "./entra-auth.ts";
import { connectWithRetry, explainError, loadIoredis } from "./adapter.ts";
import { internalsOf } from "./auth-internals.ts";
import { applyCredentials, bindConnection, labelOf, reauthenticate } from "./ioredis-binding.ts";
import { guardConnection } from "./ioredis-guard.ts";
import {
  clusterRedisOptions,
  clusterSubscriber,
  negotiatedProtocol,
  onClusterSubscriberSelected,
  setClusterAuthOptions,
  setReadyCheck,
} from "./ioredis-internals.ts";
import { hideToken, installScrubber, warnIfIoredisDebug } from "./ioredis-secrecy.ts";
import { scheduleRotations } from "./rotation-scheduler.ts";
import { requireTls } from "./tls-policy.ts";
import { bindClusterDuplicates } from "./ioredis-derived.ts";
import { readyCheckOption } from "./ioredis-ready-check.ts";

/** Cluster options without credentials (they come from the token); `redisOptions.tls` is required (default on). */
export type EntraIoredisClusterOptions = Omit<ClusterOptions, "lazyConnect" | "redisOptions"> & {
  redisOptions?: Omit<RedisOptions, "username" | "password">;
};

/**
 * ioredis creates the cluster's own pub/sub connection with `enableReadyCheck: true` whatever
 * `redisOptions` say, so under Data Contributor and Data Reader its INFO is refused and ioredis logs
 * `Skipping the ready check because INFO command fails: "NOPERM..."` each time it picks one. Each
 * one it picks (lazily connected) gets the application's ready-check choice (default off) and the
 * connection guard (its handshake then carries the current token) before it connects.
 */
function prepareClusterSubscriber(auth: EntraAuth, cluster: Cluster): void {
  const readyCheck = readyCheckOption(clusterRedisOptions(cluster));
  onClusterSubscriberSelected(cluster, (sub) => {
    setReadyCheck(sub, readyCheck);
    guardConnection(auth, sub);
    hideToken(auth, sub);
  });
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
  const tls = requireTls(options.redisOptions?.tls, "redisOptions.tls", internalsOf(auth).warnOnce);
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
      if (latest) setClusterAuthOptions(cluster, latest);
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
  hideToken(auth, cluster);
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

  // The cluster's own pub/sub connection: AUTH in place when it speaks RESP3 (ioredis 6's default,
  // so read from the live connection); on RESP2 it is closed at expiry and ioredis re-creates it
  // from a node's (fresh) options.
  const offRotate = scheduleRotations(auth, {
    now: (fresh) => {
      setClusterAuthOptions(cluster, fresh);
      const sub = clusterSubscriber(cluster);
      if (sub && !bound.has(sub)) applyCredentials(sub, fresh);
    },
    later: () => {
      const sub = clusterSubscriber(cluster);
      if (sub && !bound.has(sub) && negotiatedProtocol(sub) === 3) {
        void reauthenticate(auth, sub, labelOf(sub, "cluster subscriber"));
      }
    },
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
