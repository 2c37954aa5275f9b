/**
 * End to end: connectIoredis and createIoredisSubscriber (make-before-break) against the local
 * Entra gateway with tokens living a few seconds.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectIoredis, createIoredisSubscriber } from "../../src/client/index.ts";
import { defineScenarios } from "./scenarios.ts";

defineScenarios({
  name: "ioredis",
  gateway: {},
  connectionsPerClient: 1,
  async connect(gw, auth) {
    const redis = await connectIoredis(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    redis.on("error", () => undefined);
    const key = `k:${randomUUID()}`;
    return {
      async command(i) {
        await redis.set(key, String(i));
        assert.equal(await redis.get(key), String(i));
      },
      async publish(channel, message) {
        await redis.publish(channel, message);
      },
      async close() {
        await Promise.race([redis.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
        redis.disconnect();
      },
    };
  },
  async subscribe(gw, auth, channel, onMessage) {
    const sub = await createIoredisSubscriber(auth, { host: gw.host, port: gw.port, tls: { ca: gw.ca } });
    sub.on("error", () => undefined);
    sub.on("message", (_channel, message) => onMessage(message));
    await sub.subscribe(channel);
    return { close: () => sub.quit() };
  },
});
