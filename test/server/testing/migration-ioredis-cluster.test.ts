/** The migration rehearsal with connectIoredisCluster (clustered Premium-style source → OSS-clustered target). */
import { connectIoredisCluster, connectIoredisSubscriber } from "../../../src/client/index.ts";
import { defineMigrationScenario } from "./migration-kit.ts";

defineMigrationScenario({
  name: "ioredis Cluster",
  options: { source: { cluster: { shards: 3 } } },
  inFlightAtClose: "resent",
  // Hash tags {b}, {c}, {a} land on the first, second and third of 3 equal shards.
  keys: ["{b}:k", "{c}:k", "{a}:k"],
  async connect(m, auth) {
    const cluster = await connectIoredisCluster(auth, [{ host: m.host, port: m.port }], {
      redisOptions: { tls: { ca: m.ca } },
      slotsRefreshTimeout: 5000,
    });
    cluster.on("error", () => undefined);
    cluster.on("node error", () => undefined);
    return {
      set: async (key, value) => void (await cluster.set(key, value)),
      get: (key) => cluster.get(key),
      publish: (channel, message) => cluster.publish(channel, message),
      close: async () => cluster.disconnect(),
    };
  },
  async subscribe(m, auth, channel, onMessage) {
    // Classic PUBLISH reaches every node: one subscriber on the host name.
    const sub = await connectIoredisSubscriber(auth, { host: m.host, port: m.port, tls: { ca: m.ca } });
    sub.on("error", () => undefined);
    sub.on("message", (_channel, message) => onMessage(message));
    await sub.subscribe(channel);
    return { close: async () => void (await sub.quit().catch(() => undefined)) };
  },
});
