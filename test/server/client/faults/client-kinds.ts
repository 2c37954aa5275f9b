/**
 * The client kinds of the fault matrix (`IOREDIS`, `IOREDIS_CLUSTER`, `NODE_REDIS`,
 * `NODE_REDIS_CLUSTER`): how to connect one against the gateway (closed after the test) and run a
 * round trip on every node.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import type { Cluster, Redis } from "ioredis";
import {
  connectIoredis,
  connectIoredisCluster,
  connectNodeRedis,
  connectNodeRedisCluster,
  type EntraAuth,
} from "../../../../src/client/index.ts";
import { closeWithin, type ClientKit, type Gateway } from "../integration.ts";
import type { Cleanup } from "../../support/cleanup.ts";

/** node-redis client and cluster as `connectNodeRedis` / `connectNodeRedisCluster` return them. */
export type NodeRedisClient = Awaited<ReturnType<typeof connectNodeRedis>>;
export type NodeRedisCluster = Awaited<ReturnType<typeof connectNodeRedisCluster>>;

/** How the fault matrix uses one client kind. */
export interface ClientKind<C> {
  /** Column name in docs/client.md's matrix. */
  name: string;
  /** Gateway shape (cluster or not). */
  gateway: ClientKit["gateway"];
  /** Connects with the test's options (`extra` is merged into the kind's own); closed after the test. */
  connect(gw: Gateway, auth: EntraAuth, cleanup: Cleanup, extra?: Record<string, unknown>): Promise<C>;
  set(client: C, key: string, value: string): Promise<unknown>;
  get(client: C, key: string): Promise<unknown>;
  /** Key prefixes that land on every node once (hash tags for clusters). */
  tags: string[];
}

const SINGLE = { gateway: {}, tags: [""] };
// Hash tags {b}, {c}, {a} land on the first, second and third of 3 equal shards: every node is used.
const CLUSTER = { gateway: { cluster: { shards: 3 } }, tags: ["{b}", "{c}", "{a}"] };

function destroyQuietly(c: { destroy(): void }): void {
  try {
    c.destroy();
  } catch {
    // already closed
  }
}

export const IOREDIS: ClientKind<Redis> = {
  name: "ioredis",
  ...SINGLE,
  async connect(gw, auth, cleanup, extra = {}) {
    const redis = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca }, ...extra });
    redis.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => redis.quit());
      redis.disconnect();
    });
    return redis;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

export const IOREDIS_CLUSTER: ClientKind<Cluster> = {
  name: "ioredis Cluster",
  ...CLUSTER,
  async connect(gw, auth, cleanup, extra = {}) {
    const { redisOptions, ...rest } = extra as { redisOptions?: Record<string, unknown> };
    const cluster = await connectIoredisCluster(auth, [{ host: gw.host, port: gw.port }], {
      redisOptions: { tls: { ca: gw.ca }, ...redisOptions },
      slotsRefreshTimeout: 5000,
      ...rest,
    });
    cluster.on("error", () => undefined);
    cluster.on("node error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => cluster.quit());
      cluster.disconnect();
    });
    await Promise.all(cluster.nodes("master").map((n) => n.ping()));
    return cluster;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

export const NODE_REDIS: ClientKind<NodeRedisClient> = {
  name: "node-redis",
  ...SINGLE,
  async connect(gw, auth, cleanup, extra = {}) {
    const { socket, ...rest } = extra as { socket?: Record<string, unknown> };
    const client = await connectNodeRedis(auth, {
      socket: { host: gw.host, port: gw.port, tls: true, ca: gw.ca, reconnectStrategy: () => 100, ...socket },
      ...rest,
    });
    client.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => client.close());
      destroyQuietly(client);
    });
    return client;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

export const NODE_REDIS_CLUSTER: ClientKind<NodeRedisCluster> = {
  name: "node-redis cluster",
  ...CLUSTER,
  async connect(gw, auth, cleanup, extra = {}) {
    const { socket, ...rest } = extra as { socket?: Record<string, unknown> };
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: gw.host, port: gw.port } }],
      defaults: { socket: { tls: true, ca: gw.ca, reconnectStrategy: () => 100, ...socket } },
      ...rest,
    });
    cluster.on("error", () => undefined);
    cleanup(async () => {
      await closeWithin(() => cluster.close());
      destroyQuietly(cluster);
    });
    // Every master's connection exists before the test counts or breaks them.
    await Promise.all(cluster.masters.map(async (m) => (await cluster.nodeClient(m)).ping()));
    return cluster;
  },
  set: (c, key, value) => c.set(key, value),
  get: (c, key) => c.get(key),
};

/** SET + GET of a fresh key on every node of the client. */
export async function roundTrip<C>(kind: ClientKind<C>, client: C): Promise<void> {
  for (const tag of kind.tags) {
    const key = `${tag}k:${randomUUID()}`;
    await kind.set(client, key, "v");
    assert.equal(await kind.get(client, key), "v");
  }
}
