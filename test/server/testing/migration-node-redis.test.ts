/** The migration rehearsal with connectNodeRedis and a duplicate() subscriber (single node → non-clustered target). */
import { connectNodeRedis } from "../../../src/client/index.ts";
import { defineMigrationScenario } from "./migration-kit.ts";

defineMigrationScenario({
  name: "node-redis",
  options: {},
  inFlightAtClose: "rejected",
  keys: ["a", "b", "c"],
  async connect(m, auth) {
    const client = await connectNodeRedis(auth, {
      socket: { host: m.host, port: m.port, tls: true, ca: m.ca },
    });
    client.on("error", () => undefined);
    return {
      set: async (key, value) => void (await client.set(key, value)),
      get: (key) => client.get(key),
      publish: (channel, message) => client.publish(channel, message),
      close: async () => client.destroy(),
    };
  },
  async subscribe(m, auth, channel, onMessage) {
    const client = await connectNodeRedis(auth, {
      socket: { host: m.host, port: m.port, tls: true, ca: m.ca },
    });
    client.on("error", () => undefined);
    const sub = client.duplicate();
    sub.on("error", () => undefined);
    await sub.connect();
    await sub.subscribe(channel, (message) => onMessage(message));
    return {
      close: async () => {
        sub.destroy();
        client.destroy();
      },
    };
  },
});
