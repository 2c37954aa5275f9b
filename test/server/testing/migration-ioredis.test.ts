/** The migration rehearsal with connectIoredis and connectIoredisSubscriber (single node → non-clustered target). */
import { connectIoredis, connectIoredisSubscriber } from "../../../src/client/index.ts";
import { defineMigrationScenario } from "./migration-kit.ts";

defineMigrationScenario({
  name: "ioredis",
  options: {},
  inFlightAtClose: "resent",
  keys: ["a", "b", "c"],
  async connect(m, auth) {
    const redis = await connectIoredis(auth, { host: m.host, port: m.port, tls: { ca: m.ca } });
    redis.on("error", () => undefined);
    return {
      set: async (key, value) => void (await redis.set(key, value)),
      get: (key) => redis.get(key),
      publish: (channel, message) => redis.publish(channel, message),
      close: async () => redis.disconnect(),
    };
  },
  async subscribe(m, auth, channel, onMessage) {
    const sub = await connectIoredisSubscriber(auth, { host: m.host, port: m.port, tls: { ca: m.ca } });
    sub.on("error", () => undefined);
    sub.on("message", (_channel, message) => onMessage(message));
    await sub.subscribe(channel);
    return { close: async () => void (await sub.quit().catch(() => undefined)) };
  },
});
