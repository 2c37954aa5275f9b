/**
 * The four client kinds bench/migration-switch.ts runs through a local migration, connected through the
 * cache's host name the way docs/testing.md ("Rehearsing a migration") and the rehearsal's tests
 * (test/server/testing/migration-*.test.ts) connect them: the source shape each needs, and how many
 * requests per round may fail by design (the workload has two loops, commands and publishes, each with
 * one request outstanding: node-redis rejects the one it had in flight when the switch closed its
 * connection; ioredis resends it).
 */
import {
  connectIoredisCluster,
  connectIoredisSubscriber,
  connectNodeRedis,
  connectNodeRedisCluster,
  type EntraAuth,
} from "../src/client/index.ts";
import type { LocalMigration, LocalMigrationOptions } from "../src/testing/index.ts";
import {
  connectIoredisApp,
  type MigrationWorkloadApp,
  type MigrationWorkloadConnect,
} from "../src/cli/commands/demo/migration-workload.ts";

export interface MigrationClientKind {
  source?: LocalMigrationOptions["source"];
  /** Failed requests per round the docs promise at most (the requests in flight at the close). */
  inFlightFailuresAllowed: number;
  connect: MigrationWorkloadConnect;
}

/** ioredis's subscriber on the host name (classic PUBLISH reaches every node of a cluster too). */
async function ioredisSubscriber(m: LocalMigration, auth: EntraAuth) {
  const sub = await connectIoredisSubscriber(auth, {
    host: m.host,
    port: m.port,
    tls: { ca: m.ca },
    enableReadyCheck: false,
  });
  sub.on("error", () => undefined);
  return {
    async subscribe(channel: string, onMessage: (message: string) => void) {
      sub.on("message", (ch, message) => {
        if (ch === channel) onMessage(message);
      });
      await sub.subscribe(channel);
    },
    close: async () => void (await sub.quit().catch(() => undefined)),
  };
}

const ioredisCluster: MigrationWorkloadConnect = async (m, auth) => {
  const cluster = await connectIoredisCluster(auth, [{ host: m.host, port: m.port }], {
    redisOptions: { tls: { ca: m.ca } },
    slotsRefreshTimeout: 5000,
  });
  cluster.on("error", () => undefined);
  cluster.on("node error", () => undefined);
  const sub = await ioredisSubscriber(m, auth);
  return {
    set: (key, value) => cluster.set(key, value),
    get: (key) => cluster.get(key),
    publish: (channel, message) => cluster.publish(channel, message),
    subscribe: sub.subscribe,
    async close() {
      await sub.close();
      cluster.disconnect();
    },
  };
};

const nodeRedis: MigrationWorkloadConnect = async (m, auth) => {
  const client = await connectNodeRedis(auth, {
    socket: { host: m.host, port: m.port, tls: true, ca: m.ca },
  });
  client.on("error", () => undefined);
  const sub = client.duplicate();
  sub.on("error", () => undefined);
  await sub.connect();
  const app: MigrationWorkloadApp = {
    set: (key, value) => client.set(key, value),
    get: (key) => client.get(key),
    publish: (channel, message) => client.publish(channel, message),
    subscribe: async (channel, onMessage) => void (await sub.subscribe(channel, onMessage)),
    async close() {
      sub.destroy();
      client.destroy();
    },
  };
  return app;
};

const nodeRedisCluster: MigrationWorkloadConnect = async (m, auth) => {
  const connect = async () => {
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: m.host, port: m.port } }],
      defaults: { socket: { tls: true, ca: m.ca } },
    });
    cluster.on("error", () => undefined);
    return cluster;
  };
  const cluster = await connect();
  const sub = await connect(); // the cluster's own pub/sub connection, on a cluster of its own
  return {
    set: (key, value) => cluster.set(key, value),
    get: (key) => cluster.get(key),
    publish: (channel, message) => cluster.publish(channel, message),
    subscribe: async (channel, onMessage) => void (await sub.subscribe(channel, onMessage)),
    async close() {
      sub.destroy();
      cluster.destroy();
    },
  };
};

export const MIGRATION_CLIENT_KINDS = {
  ioredis: { inFlightFailuresAllowed: 0, connect: connectIoredisApp },
  "ioredis-cluster": {
    source: { cluster: { shards: 3 } },
    inFlightFailuresAllowed: 0,
    connect: ioredisCluster,
  },
  "node-redis": { inFlightFailuresAllowed: 2, connect: nodeRedis },
  "node-redis-cluster": {
    source: { cluster: { shards: 3 } },
    inFlightFailuresAllowed: 2,
    connect: nodeRedisCluster,
  },
} satisfies Record<string, MigrationClientKind>;

export type MigrationClientName = keyof typeof MIGRATION_CLIENT_KINDS;
