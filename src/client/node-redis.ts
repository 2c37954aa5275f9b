/**
 * node-redis (`redis` / `@redis/client`) with Entra tokens: a streaming credentials provider, so the
 * client re-authenticates natively on every refresh, plus helpers that create TLS clients and clusters
 * with it. `redis` is loaded only when a helper is called (optional peer dependency).
 */
import type { RedisClientOptions, RedisClusterOptions } from "redis";
import { describeFailure, explainError, loadNodeRedis } from "./adapter.ts";
import { internalsOf } from "./auth-internals.ts";
import type { EntraAuth } from "./entra-auth.ts";
import { recoverClusterAtOnce } from "./node-redis-cluster-recovery.ts";
import { guardClusterCommands, guardCommands, resendBlockingOnCluster } from "./node-redis-guard.ts";
import { isReauthNotAnswered } from "./node-redis-resend.ts";
import { classifyRefusal, isAuthRefusal } from "./refusal.ts";
import { scheduleRotations } from "./rotation-scheduler.ts";
import { requireNodeRedisTls, type SocketOptions } from "./tls-policy.ts";

/** Credentials as node-redis's `BasicAuth`. */
export interface NodeRedisBasicAuth {
  username?: string;
  password?: string;
}

/** A subscriber of the provider (node-redis passes one per connection handshake). */
export interface NodeRedisCredentialsListener {
  onNext(credentials: NodeRedisBasicAuth): void;
  onError(error: Error): void;
}

/**
 * Structurally a node-redis `StreamingCredentialsProvider` (`@redis/client` authx): pass it as
 * `credentialsProvider` to `createClient`, or in `defaults` to `createCluster`.
 */
export interface NodeRedisCredentialsProvider {
  readonly type: "streaming-credentials-provider";
  subscribe(listener: NodeRedisCredentialsListener): Promise<[NodeRedisBasicAuth, { dispose(): void }]>;
  onReAuthenticationError(error: Error): void;
}

/** Options of {@link nodeRedisCredentials}. */
export interface NodeRedisCredentialsOptions {
  /**
   * The provider serves exactly one node-redis client: a new subscription (the client reconnected and
   * subscribed again) disposes the previous one, so a client that reconnected N times still AUTHs once
   * per refresh. node-redis doesn't dispose the old subscription itself on reconnect. Our
   * `connectNodeRedis` / `connectNodeRedisCluster` set this per connection. Default false.
   */
  exclusive?: boolean;
  /** Label used in events. Default "node-redis". */
  label?: string;
}

/**
 * A node-redis streaming credentials provider backed by an {@link EntraAuth}: the first subscribe
 * returns the current credentials; after each refresh every subscribed connection is sent the new ones
 * at a random moment within `reauthSpreadMs` (node-redis then sends AUTH). A re-AUTH refused with
 * WRONGPASS forces one token refresh, which AUTHs again with the result.
 *
 * node-redis skips re-authentication on RESP2 connections with pub/sub active: use RESP3 (node-redis
 * 5+/6 default) for subscribers, which {@link connectNodeRedis} enforces by default, or
 * `connectNodeRedisSubscriber` (make-before-break on RESP2).
 */
export function nodeRedisCredentials(
  auth: EntraAuth,
  options: NodeRedisCredentialsOptions = {},
): NodeRedisCredentialsProvider {
  const label = options.label ?? "node-redis";
  const subscriptions = new Set<{ dispose(): void }>();
  let wrongpassRefreshAt = 0;
  /** The credentials last handed to node-redis: the refusal is explained from these. */
  let lastSent: { username: string; expiresOnTimestamp: number } | undefined;
  const provider: NodeRedisCredentialsProvider = {
    type: "streaming-credentials-provider",
    async subscribe(listener) {
      const creds = await auth.getCredentials();
      if (options.exclusive) {
        for (const previous of [...subscriptions]) previous.dispose();
      }
      const off = scheduleRotations(auth, {
        later: (fresh) => {
          // The newest credentials at send time: a later refresh may have overtaken this one.
          const latest = auth.current() ?? fresh;
          // A disconnected client would queue this AUTH and send it after its reconnect handshake
          // (which subscribes again and AUTHs with the token of that moment): skip it.
          if (readiness.get(provider)?.() === false) return;
          lastSent = { username: latest.username, expiresOnTimestamp: latest.expiresOnTimestamp };
          listener.onNext({ username: latest.username, password: latest.password });
        },
      });
      const offExpired = auth.onExpired((error) => listener.onError(error));
      lastSent = { username: creds.username, expiresOnTimestamp: creds.expiresOnTimestamp };
      const subscription = {
        dispose() {
          off();
          offExpired();
          subscriptions.delete(subscription);
        },
      };
      subscriptions.add(subscription);
      return [{ username: creds.username, password: creds.password }, subscription];
    },
    onReAuthenticationError(error) {
      // Explain from the token that was sent, which may be older than the current one.
      const sent = lastSent;
      const { clock, reports } = internalsOf(auth);
      const sentTokenExpired = sent !== undefined && sent.expiresOnTimestamp <= clock.now();
      reports.reauthFailed({
        client: "node-redis",
        connection: label,
        // Not a refusal: the AUTH was never answered. Typically it waited behind a blocking command
        // until the token expired and the server closed the connection.
        message: isReauthNotAnswered(error)
          ? `re-AUTH not answered: the connection closed first (${error.message}); node-redis reconnects and AUTHs with the current token. A re-AUTH waits behind a blocking command (BLPOP 0, XREAD BLOCK 0, ...) until it returns, so the server closes such a connection at token expiry; the bound client resends the blocking command`
          : describeFailure(auth, error, {
              ...(sent ? { username: sent.username } : {}),
              ...(sentTokenExpired ? { sentTokenExpired } : {}),
            }),
      });
      // One forced refresh per token: if it yields a newer token, rotation listeners AUTH again.
      const refusal = classifyRefusal(error);
      if (
        !sentTokenExpired &&
        (refusal === "credentials-refused" || refusal === "token-expired") &&
        auth.current() &&
        wrongpassRefreshAt !== auth.current()?.expiresOnTimestamp
      ) {
        wrongpassRefreshAt = auth.current()?.expiresOnTimestamp ?? 0;
        void auth.refresh().catch(() => undefined);
      }
    },
  };
  return provider;
}

/** For providers serving one client we created: is that client connected (else skip re-AUTHs)? */
const readiness = new WeakMap<NodeRedisCredentialsProvider, () => boolean>();

/**
 * Connects what `make()` creates; a first AUTH refused (a token the server doesn't take) forces one
 * token refresh and a second attempt with a new client (node-redis rejects connect() on a refused
 * HELLO, and a client connected again after that no longer reconnects after a network drop), as
 * ioredis's helpers retry. A failure is destroyed and thrown explained.
 */
async function connectFresh<T extends { connect(): Promise<unknown>; destroy(): void }>(
  auth: EntraAuth,
  make: () => T,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const target = make();
    try {
      await target.connect();
      return target;
    } catch (err) {
      try {
        target.destroy();
      } catch {
        // already closed
      }
      if (attempt === 0 && isAuthRefusal(err)) {
        await auth.refresh().catch(() => undefined);
        continue;
      }
      throw explainError(auth, err, { tls: true });
    }
  }
}

/** Client options without credentials (they come from the token). TLS is required (default on). */
export type EntraNodeRedisClientOptions = Omit<
  RedisClientOptions,
  "credentialsProvider" | "username" | "password"
>;

/** Cluster options; `defaults` carries no credentials (they come from the token). TLS is required. */
export type EntraNodeRedisClusterOptions = Omit<RedisClusterOptions, "defaults"> & {
  defaults?: Omit<
    NonNullable<RedisClusterOptions["defaults"]>,
    "credentialsProvider" | "username" | "password"
  >;
};

function warnResp2(auth: EntraAuth, resp: unknown): void {
  if (resp === 2) {
    internalsOf(auth).warnOnce(
      "node-redis-resp2",
      "RESP: 2 was requested: node-redis skips re-authentication on RESP2 connections with pub/sub active, so the server closes subscriber connections when their token expires (messages are lost until node-redis resubscribes); use RESP 3 (the default here) for subscribers, or connectNodeRedisSubscriber (make-before-break on RESP2)",
    );
  }
}

/**
 * Creates and connects a node-redis client over TLS (certificate checks on), RESP3 by default so that
 * subscriber connections can re-AUTH too, authenticated with Entra tokens that it re-sends after each
 * refresh. Call `client.duplicate()` for a subscriber: the duplicate gets its own credentials stream.
 *
 * @example
 * const client = await connectNodeRedis(auth, { socket: { host, port: 6380 } });
 */
export async function connectNodeRedis(auth: EntraAuth, options: EntraNodeRedisClientOptions = {}) {
  return openNodeRedis(auth, options, { warnResp2: true, label: "node-redis" });
}

/** {@link connectNodeRedis}, for our own helpers too (the subscriber handles RESP2 itself: no warning). */
export async function openNodeRedis(
  auth: EntraAuth,
  options: EntraNodeRedisClientOptions,
  how: { warnResp2: boolean; label: string; created?: (client: { destroy(): void }) => void },
) {
  const socket = requireNodeRedisTls(
    options.socket as SocketOptions,
    options.url,
    "socket",
    internalsOf(auth).warnOnce,
  );
  const RESP = options.RESP ?? 3;
  if (how.warnResp2) warnResp2(auth, RESP);
  await auth.getCredentials();
  const { createClient } = await loadNodeRedis();
  const attach = (
    c: { isReady: boolean },
    provider: NodeRedisCredentialsProvider,
    disableOfflineQueue = options.disableOfflineQueue,
  ) => {
    readiness.set(provider, () => c.isReady);
    guardCommands(auth, c, { disableOfflineQueue });
  };
  // duplicate() copies the options, the provider included: give each duplicate (e.g. a subscriber,
  // BullMQ's blocking connection) its own exclusive stream, and each duplicate's duplicates too (a
  // shared exclusive provider would drop the first copy's stream).
  const bindDuplicates = (target: object): void => {
    const duplicate = (target as { duplicate(o?: Record<string, unknown>): unknown }).duplicate.bind(target);
    Object.defineProperty(target, "duplicate", {
      configurable: true,
      writable: true,
      value: (overrides?: Record<string, unknown>) => {
        const provider = nodeRedisCredentials(auth, { exclusive: true, label: "node-redis duplicate" });
        const copy = duplicate({ credentialsProvider: provider, ...overrides }) as { isReady: boolean };
        if (overrides?.credentialsProvider === undefined) {
          const offline = overrides?.disableOfflineQueue;
          attach(copy, provider, typeof offline === "boolean" ? offline : options.disableOfflineQueue);
          bindDuplicates(copy);
        }
        return copy;
      },
    });
  };
  return connectFresh(auth, () => {
    const credentialsProvider = nodeRedisCredentials(auth, { exclusive: true, label: how.label });
    const client = createClient({ ...options, socket, RESP, credentialsProvider });
    how.created?.(client);
    attach(client, credentialsProvider);
    bindDuplicates(client);
    return client;
  });
}

/**
 * Creates and connects a node-redis cluster over TLS, RESP3 by default; every node connection (and
 * the cluster's pub/sub connections) gets its own credentials stream and re-AUTHs after each refresh,
 * staggered within `reauthSpreadMs`.
 *
 * @example
 * const cluster = await connectNodeRedisCluster(auth, { rootNodes: [{ socket: { host, port: 10000 } }] });
 */
export async function connectNodeRedisCluster(auth: EntraAuth, options: EntraNodeRedisClusterOptions) {
  const socket = requireNodeRedisTls(
    options.defaults?.socket as SocketOptions,
    options.defaults?.url,
    "defaults.socket",
    internalsOf(auth).warnOnce,
  );
  const RESP = options.RESP ?? 3;
  warnResp2(auth, RESP);
  await auth.getCredentials();
  const { createCluster } = await loadNodeRedis();
  // The clusters whose node connections our providers serve: the one created here and its duplicates.
  const clusters = new Set<WeakRef<object>>();
  const defaults: Record<string, unknown> = { ...options.defaults, socket };
  perConnectionProvider(defaults, auth, "node-redis cluster node", clusters);
  const offline = Boolean(options.defaults?.disableOfflineQueue);
  const bind = (target: object): void => {
    clusters.add(new WeakRef(target));
    // Innermost first: routing again what never reached a lost node, then blocking resends, then expiry.
    recoverClusterAtOnce(target, { disableOfflineQueue: offline });
    resendBlockingOnCluster(auth, target, offline);
    guardClusterCommands(auth, target);
  };
  // duplicate() (the way to give blocking commands connections of their own) is bound too.
  const bindDuplicates = (target: object): void => {
    const duplicate = (target as { duplicate(o?: Record<string, unknown>): object }).duplicate.bind(target);
    Object.defineProperty(target, "duplicate", {
      configurable: true,
      writable: true,
      value: (overrides?: Record<string, unknown>) => {
        const copy = duplicate(overrides);
        bind(copy);
        bindDuplicates(copy);
        return copy;
      },
    });
  };
  return connectFresh(auth, () => {
    const cluster = createCluster({ ...options, RESP, defaults });
    bind(cluster);
    bindDuplicates(cluster);
    return cluster;
  });
}

/** A connection of a node-redis cluster as the readiness check sees it. */
interface ClusterNodeClient {
  isReady: boolean;
  options?: { credentialsProvider?: unknown };
}

/** Every node's client and pub/sub client, and the cluster's pub/sub client. */
function* clusterClients(cluster: object): Generator<ClusterNodeClient> {
  const c = cluster as {
    nodeByAddress?: Map<string, { client?: ClusterNodeClient; pubSub?: { client?: ClusterNodeClient } }>;
    pubSubNode?: { client?: ClusterNodeClient };
  };
  for (const node of c.nodeByAddress?.values() ?? []) {
    if (node.client) yield node.client;
    if (node.pubSub?.client) yield node.pubSub.client;
  }
  if (c.pubSubNode?.client) yield c.pubSubNode.client;
}

/**
 * node-redis's cluster copies `defaults` with object spread for every connection it creates (nodes,
 * pub/sub): a getter makes each copy carry its own exclusive provider. Each provider skips re-AUTHs
 * while the connection it serves is disconnected (its reconnect handshake AUTHs with the token of that
 * moment), like a single client's.
 */
function perConnectionProvider(
  target: Record<string, unknown>,
  auth: EntraAuth,
  label: string,
  clusters: Set<WeakRef<object>>,
): void {
  Object.defineProperty(target, "credentialsProvider", {
    enumerable: true,
    configurable: true,
    get: () => {
      const provider = nodeRedisCredentials(auth, { exclusive: true, label });
      readiness.set(provider, () => {
        for (const ref of clusters) {
          const cluster = ref.deref();
          if (!cluster) {
            clusters.delete(ref);
            continue;
          }
          for (const client of clusterClients(cluster)) {
            if (client.options?.credentialsProvider === provider) return client.isReady;
          }
        }
        return true; // not a connection we can see (e.g. the short-lived slots lookup): send
      });
      return provider;
    },
  });
}

/** @deprecated Renamed {@link connectNodeRedis} (connected clients are `connect*`); kept as an alias. */
export const createNodeRedisClient = connectNodeRedis;

/** @deprecated Renamed {@link connectNodeRedisCluster} (connected clients are `connect*`); kept as an alias. */
export const createNodeRedisCluster = connectNodeRedisCluster;
