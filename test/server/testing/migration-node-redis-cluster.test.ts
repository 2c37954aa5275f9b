/** The migration rehearsal with connectNodeRedisCluster (clustered Premium-style source → OSS-clustered target). */
import { connectNodeRedisCluster } from "../../../src/client/index.ts";
import { defineMigrationScenario } from "./migration-kit.ts";

defineMigrationScenario({
  name: "node-redis cluster",
  options: { source: { cluster: { shards: 3 } } },
  inFlightAtClose: "rejected",
  inFlightErrors: /Socket closed unexpectedly|ECONNRESET|Disconnects client/,
  keys: ["{b}:k", "{c}:k", "{a}:k"],
  async connect(m, auth) {
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: m.host, port: m.port } }],
      defaults: { socket: { tls: true, ca: m.ca } },
    });
    cluster.on("error", () => undefined);
    return {
      set: async (key, value) => void (await cluster.set(key, value)),
      get: (key) => cluster.get(key),
      publish: (channel, message) => cluster.publish(channel, message),
      close: async () => cluster.destroy(),
    };
  },
  async subscribe(m, auth, channel, onMessage) {
    const cluster = await connectNodeRedisCluster(auth, {
      rootNodes: [{ socket: { host: m.host, port: m.port } }],
      defaults: { socket: { tls: true, ca: m.ca } },
    });
    cluster.on("error", () => undefined);
    await cluster.subscribe(channel, (message) => onMessage(message));
    return { close: async () => cluster.destroy() };
  },
});
